"""Entity, quote and date cues: curated word lists kept as named data, no logic.

Sources: the word lists below were written by hand for this project from general English usage
(titles and ranks as news style guides list them, e.g. the AP and Reuters style guides' title
entries; demonyms from Wikipedia's "List of adjectival and demonymic forms for countries and
nations"). Names of places and people come from packages, see ``flows/gazetteers.py``.
"""

from __future__ import annotations

#: Words that make a capitalised run a title or role when they precede a name
#: ("US President Donald Trump", "Chinese Defence Minister Admiral Dong Jun").
TITLE_WORDS = frozenset(
    """
    President Vice Prime Minister Ministers Secretary Chancellor Premier Admiral General Colonel Chief
    Director Ambassador Senator Sen Governor Gov Mayor King Queen Prince Princess Pope Mr Mrs Ms Miss Dr
    Professor Prof Judge Justice Spokesman Spokeswoman Spokesperson Envoy Commander Chairman Chairwoman
    Chairperson Chair Head Leader Deputy Foreign Defence Defense Finance Interior Home Health Trade
    Economy Justice Bureau Correspondent Editor Reporter Officer Captain Capt Lieutenant Lt Sergeant Sgt
    Major Marshal Sheikh Sir Lord Lady Rev Reverend Father Bishop Cardinal Archbishop Rabbi Imam Coach
    Manager Founder CEO CFO COO Representative Rep Congressman Congresswoman Councillor Councilor
    Attorney Special Assistant Adviser Advisor Counsellor Sultan Emperor Empress Crown Emir Ayatollah
    Speaker Chancellor Dean Detective Inspector Superintendent Constable Private Corporal Brigadier
    Lt-Gen Maj-Gen Gen Col Adm Sgt Insp Supt Commissioner Executive Officer Analyst Economist
    Spokesman Minister-President State Permanent Acting Interim Former Ex Secretary-General
    Director-General MP MEP MSP QC KC Tsar Czar Historian Duke Duchess Count Countess Baron Earl PM CM VP MLA
    """.split()
)

#: Lower-case words that introduce a person's name right after them ("writer Günter de Bruyn",
#: "says Tarlo", "rival Prabowo Subianto"): occupations, family and social roles, reporting verbs.
#: Written by hand from general English usage; a name they introduce needs no name list.
PERSON_CUES = frozenset(
    """
    writer author novelist poet historian journalist reporter columnist editor director producer actor
    actress singer songwriter musician composer conductor pianist guitarist drummer rapper artist painter
    sculptor photographer designer architect philosopher scientist physicist chemist biologist
    economist professor lecturer teacher student researcher scholar theologian lawyer attorney judge
    player coach manager striker goalkeeper defender midfielder captain champion boxer wrestler cyclist
    driver rider skier swimmer runner sprinter golfer comedian presenter host filmmaker screenwriter
    playwright explorer astronaut pilot soldier officer commander general admiral knight emperor
    empress king queen prince princess pharaoh tsar czar sultan caliph pope bishop cardinal priest
    rabbi imam saint monk nun president chancellor minister senator governor mayor leader founder
    cofounder chairman chairwoman spokesman spokeswoman spokesperson ambassador envoy secretary
    candidate activist campaigner rival opponent colleague successor predecessor widow wife husband
    son daughter brother sister father mother uncle aunt nephew niece cousin grandson granddaughter
    friend girlfriend boyfriend fiancee partner villain hero heroine protagonist character
    dictator warlord strongman analyst
    said says told asked
    """.split()
)

#: Participles that introduce a person through "by" ("directed by Yannis Smaragdis").
PERSON_BY_CUES = frozenset(
    """
    directed written played painted composed sung performed produced narrated illustrated designed
    accompanied coached led founded invented discovered authored starring
    """.split()
)

#: Lower-case words that mark the name right after them as an organisation ("the newspaper Die
#: Zeit", "news agency dpa", "companies such as Spotify"). Written by hand from general English usage.
ORG_CUES_BEFORE = frozenset(
    """
    company companies firm firms corporation newspaper newspapers magazine agency agencies brand brands
    band bands label retailer retailers airline airlines carrier broadcaster broadcasters channel
    network website websites platform platforms startup startups insurer bank banks manufacturer
    carmaker automaker maker giant party parties club clubs team teams group groups union unions
    charity charities organisation organization organisations organizations publisher publishers
    studio studios
    """.split()
)

#: Lower-case words that mark the name right before them as an organisation ("a Harley-Davidson
#: spokeswoman", "Tesco accounts", "Adidas shares").
ORG_CUES_AFTER = frozenset(
    """
    spokesman spokeswoman spokesperson spokespeople executive executives employees employee staff
    shares shareholders stock customers subscribers accounts cardholders headquarters subsidiary
    subsidiaries chairman board
    """.split()
)

#: Titles that on their own make the following capitalised word a person ("Mr Smith", "Admiral Dong").
PERSON_TITLES = frozenset(
    """
    President Minister Secretary Chancellor Premier Admiral General Colonel Chief Director Ambassador
    Senator Sen Governor Gov Mayor King Queen Prince Princess Pope Mr Mrs Ms Miss Dr Professor Prof Judge
    Justice Spokesman Spokeswoman Envoy Commander Chairman Chairwoman Captain Capt Lieutenant Lt Sergeant
    Sgt Major Marshal Sheikh Sir Lord Lady Rev Reverend Father Bishop Cardinal Archbishop Rabbi Imam
    Coach CEO Representative Rep Congressman Congresswoman Attorney Sultan Emperor Emir Ayatollah
    Speaker Detective Inspector Brigadier Gen Col Adm Commissioner Chief Correspondent Editor Reporter
    Analyst Economist Officer MP MEP MSP QC PM CM VP MLA
    """.split()
)

#: Last words that make a capitalised run an organisation ("Shanghai Cooperation Organisation",
#: "Indian Army", "Mikhailovskaya Artillery Academy").
ORG_TAILS = frozenset(
    """
    Organisation Organization Ministry Army Navy Academy University College School Institute Council
    Party Bank Company Corporation Corp Inc Ltd LLC PLC Co Association Agency Commission Committee Court
    Forces Force Union Department Office Group Foundation Fund Federation League Society Centre Center
    Network Bureau Service Services Authority Assembly Parliament Congress Senate Cabinet Government
    Administration Police Guard Guards Times Post News Journal Herald Tribune Gazette Telegraph Press
    Review Magazine Broadcasting Television Radio Club Team Airlines Airways Railways Motors Industries
    Holdings Partners Capital Bancorp Trust Institution Alliance Coalition Movement
    Front Brigade Brigades Regiment Corps Command Board Secretariat Tribunal Hospital Clinic Church
    Mission Laboratory Laboratories Labs Studios Records Pictures Entertainment Media Group Exchange
    Reserve Commission Consortium Cooperative Union Unions Empire Dynasty Caliphate
    United FC AFC Athletic Rovers Wanderers Albion Hotspur Nations International
    Sabha Duma Rada
    """.split()
)

#: First words that make "<Head> of <...>" an organisation ("Ministry of Defence", "Bank of England").
ORG_HEADS = frozenset(
    """
    Ministry Department University Bank Council Office Board Court Commission Institute Academy Church
    Organisation Organization Federation League Union Association Society House Party Government
    College School Museum Agency Embassy Consulate Parliament Assembly Senate Chamber Federal National
    Bureau Authority Service Administration Committee Foundation Fund Centre Center Corporation Company
    """.split()
)

#: Words after which "for" stays inside an organisation's name ("Institute for Fiscal Studies",
#: "Centre for Policy Studies", "Committee for the Protection of Journalists", "Organization for
#: Security and Co-operation in Europe"): the organisation nouns that usually take a purpose.
ORG_FOR_HEADS = frozenset(
    """
    Organisation Organization Institute Centre Center Council Committee Commission Agency Office
    Foundation Fund Alliance Coalition Campaign Movement Front Society Association Federation League
    Union Network Bureau Department Ministry Party Partnership Initiative Trust Board Authority
    """.split()
)

#: Words naming a portfolio after "<title> of" ("Secretary of State", "Chief of Staff", "Minister of
#: Foreign Affairs"): part of the role, not a place or organisation of their own.
PORTFOLIO_WORDS = frozenset(
    """
    State Staff Defence Defense Justice Health Education Agriculture Energy Transport Transportation
    Labour Labor Commerce Treasury Housing Culture Environment Science Technology Homeland Security
    Veterans Affairs Communications Information Tourism Industry Economy Finance Interior Trade
    Development Planning Works Sport Sports Youth Women Welfare Employment Immigration Infrastructure
    Operations Research Investigations Foreign Home External Internal Public Foreign Emergency Family
    Natural Resources Fisheries Food Water Mines Petroleum Power Digital Cabinet Protocol Intelligence
    """.split()
)

#: Last words that make a capitalised run a place ("Joint Base Elmendorf-Richardson", "Capitol Hill").
LOC_TAILS = frozenset(
    """
    Base Airport Street St Avenue Ave Road Boulevard River Mountains Mountain Mount Island Islands
    Square Hill Hills Bridge Park Valley Lake Sea Ocean Gulf Bay Province Region County Peninsula Strait
    Desert Coast Canal Harbour Harbor Port Palace Castle Cathedral Stadium Arena Tower Plaza Falls Beach
    Forest Heights Village City Town Prefecture Oblast Krai Territory Territories Republic Kingdom
    Emirates Continent Basin Delta Glacier Volcano Reservoir Highway Memorial Hall Building Library
    District Seas Isles Station Garden Gardens Circuit Fault Pass Lane Estate Abbey Monastery Strip
    """.split()
)

#: Words that cannot start or be a whole name when capitalised only by their position
#: (sentence starts, headlines). Hand-written from frequent English function words.
COMMON_WORDS = frozenset(
    """
    a about above according across after afterwards again against ago ahead all almost along already
    also although always am among an and another any anyone anything are around as asked at back
    be became because been before being below besides between beyond both but by can could did do
    does doing done down during each either else even ever every everyone everything few first for
    former from further had has have having he her here hers herself him himself his how however i
    if in including inside instead into is it its itself just last later least less like many may me
    meanwhile might more most much must my myself near neither never nevertheless next no nobody
    none nor not nothing now of off often on once one only onto or other others otherwise our ours
    out outside over own per perhaps please rather same several she should since so some somehow someone
    something sometimes still such than that the their theirs them themselves then there therefore
    these they this those though through throughout thus to today together tomorrow too toward towards
    under unless until up upon us very via was we well were what whatever when whenever where whereas
    whether which while who whoever whole whom whose why will with within without would yes yesterday
    yet you your yours yourself yourselves
    asked said says told added noted stated explained
    according although amid despite following given meanwhile moreover nonetheless regardless upon
    image images photo photos file video watch read related share comments click subscribe
    speaking looking talking asked moving seemingly strengthening wearing upon
    hashtags earlier later overall instead still another both many much several some such
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    mr mrs ms dr sir
    one two three four five six seven eight nine ten
    """.split()
)

#: Lowercase words allowed inside a capitalised run when capitalised words follow
#: ("Ministry of Defence", "Organisation for Security and Co-operation in Europe").
RUN_CONNECTORS = frozenset("of for and the de du da del von van der al bin on in &".split())

#: Arabic and Hebrew name particles joined to the next name by a hyphen, written in lower case inside a
#: name ("Bashar al-Assad", "Abdel Fattah el-Sisi", "Mohammed bin-Salman").
HYPHEN_PARTICLES = frozenset("al el ad ar as ash at az an bin ibn bint abu abd ben".split())

#: Connectors that may stay inside a person name ("Ludwig van Beethoven", "Osama bin Laden").
NAME_PARTICLES = frozenset(["de", "du", "da", "del", "von", "van", "der", "al", "bin", "la", "le", "di"])

#: Demonym -> ISO 3166-1 alpha-2 code (role cues such as "Russian Foreign Minister"; not entities).
DEMONYMS = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Argentine": "AR",
    "Argentinian": "AR", "Armenian": "AM", "Australian": "AU", "Austrian": "AT", "Azerbaijani": "AZ",
    "Bangladeshi": "BD", "Belarusian": "BY", "Belgian": "BE", "Bolivian": "BO", "Bosnian": "BA",
    "Brazilian": "BR", "British": "GB", "Bulgarian": "BG", "Burmese": "MM", "Cambodian": "KH",
    "Cameroonian": "CM", "Canadian": "CA", "Chilean": "CL", "Chinese": "CN", "Colombian": "CO",
    "Congolese": "CD", "Croatian": "HR", "Cuban": "CU", "Cypriot": "CY", "Czech": "CZ", "Danish": "DK",
    "Dutch": "NL", "Ecuadorian": "EC", "Egyptian": "EG", "Emirati": "AE", "English": "GB",
    "Eritrean": "ER", "Estonian": "EE", "Ethiopian": "ET", "Filipino": "PH", "Finnish": "FI",
    "French": "FR", "Georgian": "GE", "German": "DE", "Ghanaian": "GH", "Greek": "GR",
    "Guatemalan": "GT", "Haitian": "HT", "Hungarian": "HU", "Icelandic": "IS", "Indian": "IN",
    "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ", "Irish": "IE", "Israeli": "IL", "Italian": "IT",
    "Jamaican": "JM", "Japanese": "JP", "Jordanian": "JO", "Kazakh": "KZ", "Kenyan": "KE",
    "Korean": "KR", "Kuwaiti": "KW", "Kyrgyz": "KG", "Latvian": "LV", "Lebanese": "LB", "Libyan": "LY",
    "Lithuanian": "LT", "Malaysian": "MY", "Maltese": "MT", "Mexican": "MX", "Moldovan": "MD",
    "Mongolian": "MN", "Moroccan": "MA", "Nepalese": "NP", "Nepali": "NP", "Nigerian": "NG",
    "Nigerien": "NE", "Norwegian": "NO", "Pakistani": "PK", "Palestinian": "PS", "Peruvian": "PE",
    "Polish": "PL", "Portuguese": "PT", "Qatari": "QA", "Romanian": "RO", "Russian": "RU",
    "Rwandan": "RW", "Saudi": "SA", "Scottish": "GB", "Senegalese": "SN", "Serbian": "RS",
    "Singaporean": "SG", "Slovak": "SK", "Slovenian": "SI", "Somali": "SO", "South African": "ZA",
    "Spanish": "ES", "Sri Lankan": "LK", "Sudanese": "SD", "Swedish": "SE", "Swiss": "CH",
    "Syrian": "SY", "Taiwanese": "TW", "Tajik": "TJ", "Tanzanian": "TZ", "Thai": "TH",
    "Tunisian": "TN", "Turkish": "TR", "Turkmen": "TM", "Ugandan": "UG", "Ukrainian": "UA",
    "Uruguayan": "UY", "Uzbek": "UZ", "Venezuelan": "VE", "Vietnamese": "VN", "Welsh": "GB",
    "Yemeni": "YE", "Zambian": "ZM", "Zimbabwean": "ZW", "Soviet": "SU", "European": None,
    "African": None, "Asian": None, "Arab": None, "Western": None, "Eastern": None, "Latin": None,
    "Indo-Russian": None, "Roman": None, "Romans": None, "Christian": None, "Christians": None,
    "Muslim": None, "Muslims": None, "Jewish": None, "Jews": None, "Catholic": None, "Catholics": None,
    "Islam": None, "Islamic": None, "Buddhist": None, "Hindu": None, "Protestant": None, "Orthodox": None,
}

#: Extra names of countries that neither pycountry nor geonames lists ("US", "UK", "Britain").
COUNTRY_ALIASES = {
    "US": "US", "U.S.": "US", "U.S.A.": "US", "USA": "US", "America": "US", "United States of America": "US",
    "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB", "Scotland": "GB",
    "Wales": "GB", "Northern Ireland": "GB", "Russian Federation": "RU", "Holland": "NL",
    "the Netherlands": "NL", "South Korea": "KR", "North Korea": "KP", "Burma": "MM", "Ivory Coast": "CI",
    "Czech Republic": "CZ", "Turkey": "TR", "Macedonia": "MK", "Swaziland": "SZ", "Vatican": "VA",
    "USSR": "SU", "Soviet Union": "SU", "UAE": "AE", "DRC": "CD", "Gaza": "PS", "West Bank": "PS",
    "Hong Kong": "HK", "Taiwan": "TW", "Kosovo": "XK", "Palestine": "PS",
}

#: Places with no ISO country: continents, seas, regions ("Europe", "Middle East").
REGION_NAMES = frozenset(
    """
    Europe Asia Africa Antarctica Oceania Eurasia Arctic Antarctic Balkans Caucasus Scandinavia
    Siberia Sahara Sahel Caribbean Mediterranean Pacific Atlantic Kashmir Crimea Donbas Donbass
    Kurdistan Patagonia Tibet Xinjiang Chechnya Darfur Sinai Levant Earth Americas Alps Andes
    Himalayas Moravia Thrace Anatolia Mesopotamia Persia Bohemia Silesia Galicia Transylvania
    """.split()
) | frozenset(
    [
        "North America", "South America", "Latin America", "Central America", "Middle East",
        "Far East", "East Asia", "South Asia", "Southeast Asia", "Central Asia", "West Africa",
        "East Africa", "North Africa", "Eastern Europe", "Western Europe", "Persian Gulf",
        "Indian Ocean", "Black Sea", "Baltic Sea", "South China Sea", "Red Sea", "Silicon Valley",
        "Capitol Hill", "Wall Street", "Downing Street", "White House", "Kremlin", "Pentagon",
    ]
)

#: Well-known organisations whose names carry no organisation word ("NATO", "Hamas", "Google").
KNOWN_ORGS = frozenset(
    """
    NATO UN EU WHO IMF OPEC ASEAN BRICS OECD Interpol Europol Hamas Hezbollah Taliban Fatah Google
    Apple Microsoft Amazon Facebook Meta Twitter Tesla Reuters Wikinews Wikipedia Wikimedia CNN BBC
    NASA FBI CIA NSA Pentagon Kremlin Congress Parliament Senate Xinhua Bloomberg AFP ANI DW Boeing
    Airbus Toyota Samsung Huawei Nokia Sony Intel IBM Oracle Uber Netflix YouTube Instagram TikTok
    WikiLeaks Greenpeace Fifa FIFA UEFA IOC Nasdaq Gazprom Rosneft Vatican Labour Conservatives Tories
    Democrats Republicans GOP Likud Shell BP ExxonMobil Walmart Knesset Bundestag Bundesrat Duma Majlis Sejm
    Riksdag Storting Oireachtas Yonhap Kyodo Interfax Bernama Antara Anadolu ANSA Sputnik IRNA PTI IANS EFE
    TASS
    """.split()
) | frozenset(
    # news agencies, broadcasters and papers whose names carry no organisation word
    [
        "Agence France-Presse", "Associated Press", "Deutsche Welle", "Der Spiegel", "Die Zeit", "Al Jazeera",
        "Al Arabiya", "RIA Novosti", "Le Monde", "El País", "Asahi Shimbun",
        "Yomiuri Shimbun", "South China Morning Post", "Hindustan Times",
    ]
)

#: Capitalised words that end names of events, laws, prizes and works: not entities here
#: ("Paris Agreement", "Davis Cup", "Election Day").
OTHER_TAILS = frozenset(
    """
    Agreement Accord Accords Treaty Act Bill Day Cup Show Games Olympics Award Awards Prize War Wars
    Championship Championships Festival Bonds Universiade Declaration Convention Protocol Doctrine
    Revolution Crisis Era Age Period Prize Medal Trophy Open Series Tour Grand Prix Index
    """.split()
)

#: Acronyms that are not organisations ("BC", "DNA", "TV").
NOT_ENTITY_ACRONYMS = frozenset(
    """
    BC AD BCE CE DNA RNA AIDS HIV TV VAT GDP CEO CFO ATM GIF MP MLA PM AM UTC GMT OK ID IT PC II III IV
    VI VII VIII IX XI USB SMS PR AI IQ PhD MBA CCTV LGBT LGBTQ COVID SUV VIP FAQ CV UFO GPS HQ DIY
    """.split()
)

#: Words that start a place name ("Mount Kenya", "Lake Geneva", "Lower Austria").
LOC_HEADS = frozenset(
    """
    Mount Mt Lake Cape Fort Port Isle Gulf Bay Upper Lower Greater North South East West Northern
    Southern Eastern Western Central Republic Kingdom Principality Community City Province Duchy
    Emirate Sultanate Commonwealth
    """.split()
)

#: First words that make any capitalised run a place, in English and in place names borrowed from
#: Romance languages ("Mount Kenya", "Casa Santa Marta", "Punta del Este", "Villa Pelucca").
PLACE_HEADS = frozenset(
    """
    Mount Mt Lake Cape Fort Isle Villa Casa Punta Plaza Piazza Palazzo Monte Rio Isla Puerto Porto Lago
    Costa Sierra Cerro Rue Avenida Calle
    """.split()
)

#: Last words of units whose ordinal is part of the name ("56th Guards District Training Centre").
ORDINAL_UNITS = frozenset(
    "Division Brigade Regiment Battalion Corps Army Fleet Squadron Centre Center Guards Wing Group".split()
)

#: Nouns that attribute a quote through a possessive ("Trump's remark that there is a "25 per cent chance"").
CUE_NOUNS = frozenset(
    """
    remark remarks comment comments claim claims statement statements words warning promise pledge
    description assertion prediction assessment answer reply response message
    """.split()
)

#: Number words that end names of vehicles and series rather than entities ("Air Force One").
NUMBER_WORDS = frozenset("One Two Three Four Five Six Seven Eight Nine Ten".split())

#: Reporting verbs that attribute a quote ("Lavrov said", "Trump told reporters", "he added").
CUE_VERBS = frozenset(
    """
    said says say told tells added adds stated states noted notes replied replies explained explains
    wrote writes asked asks declared declares announced announces insisted insists argued argues
    warned warns claimed claims remarked remarks continued continues commented comments responded
    responds recalled recalls observed observes acknowledged acknowledges admitted admits
    concluded concludes suggested suggests urged urges stressed stresses emphasised emphasized
    reiterated reiterates tweeted tweets posted posts described describes called calls predicted
    predicts according
    """.split()
)

#: Participles that attribute a quote to the subject of their sentence ("..., saying, "...").
CUE_PARTICIPLES = frozenset(
    """
    saying adding stating noting telling writing asking explaining insisting warning arguing
    declaring announcing claiming remarking replying responding tweeting
    """.split()
)

#: Pronouns that refer back to the last named speaker ("he added").
SPEAKER_PRONOUNS = frozenset(["he", "she", "they", "He", "She", "They", "I", "We", "we"])
