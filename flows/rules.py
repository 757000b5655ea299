"""Named patterns for every stage: page chrome, split markers and field regexes. Data, no logic.

Every chrome rule is a (code, regex) pair. The regex is matched, case-insensitively, against the
whole stripped line (``^...$`` is added by :func:`full_line`), so a rule never removes a line that
merely *contains* its words. Codes are stable snake_case: analysts filter ``removed_lines`` on them.
"""

from __future__ import annotations

# --- page chrome, one group per kind of widget ----------------------------------------------------

# Comment widgets. Seed 000: "Comments", "No comments yet..."
COMMENTS_WIDGET = [
    r"[\[(]?\s*\d*\s*comments?\s*[\])]?",
    # macrumors.com: "[ 167 comments ]", "Top Rated Comments", "[ Read All Comments ]".
    r"(top|best|featured|newest|latest|oldest|most recent)( rated| voted)? comments\W*",
    r"\W*(read|view|show|see|load) all( \d+)? comments\W*",
    # WordPress thread headers: "6 thoughts on “How to Adopt an Online Leader Success Mindset”",
    # and a commenter's name over the comment: "Allison says:".
    r"(one|\d+) (thoughts?|responses?|repl(y|ies)|comments?) (on|to) .{1,150}",
    r"[^.!?:]{1,40} says:",
    r"no comments( yet)?\W*",
    r"be the first to (comment|reply|review)\W*.{0,40}",
    r"(leave|post|add|write|submit) a (comment|reply|response)\W*",
    r"(show|view|load|hide|read|see) (all )?(\d+ )?comments?\W*",
    r"join the (conversation|discussion|debate)\W*",
    r"comments? (are|is) (closed|disabled)\W*",
    r"\d+\s+(replies|reply)",
    r"log ?in to (comment|reply)\W*",
    r"was this (page|article|post|answer) (helpful|useful)\W*",
]

# Related-content headers. Seed 000: "Related Articles"
RELATED_HEADER = [
    r"related( articles?| stories| story| news| posts?| content| coverage| reading| links| topics| videos?)?\W*",
    r"more (from|on|in|about) [^.!?]{1,60}",
    r"more (stories|news|articles|headlines)\W*",
    r"read more (news|stories|articles)( on| about| from)?\W*",
    r"(you|we think you) (may|might|will|would) (also )?(like|enjoy|be interested in)\W*",
    r"recommended( for you| stories| articles| reading)?\W*",
    r"(read|watch|up) next\W*",
    r"also read\W*",
    r"(trending|popular|most read|most popular|most viewed|most shared|top stories|latest news"
    r"|editor'?s picks)( now| today| (in|on) [^.!?]{1,40})?\W*",
    r"don'?t miss\W*",
    r"in (other|case you missed( it)?) news\W*",
    r"(recent|latest|popular|similar|more|other) (posts|articles|stories|reads)\W*",
    r"(what|where) to (read|go|watch) next\W*",
    r"explore more\W*",
    r"post navigation\W*",
    # Teaser lists under an article, without dates: "You’ll Also Love...", "Related Products",
    # "Featured Posts", "Our Latest Articles & Resources", "Your next read", "In Case you missed it".
    r"(you['’]?ll|you will) also (love|like|enjoy)\W*",
    r"related (products|topics|resources|guides|questions)( (&|and) (resources|guides|tools))?\W*",
    r"(featured|latest|newest|top|more|popular|recent) (posts|articles|stories|guides|reads)( (&|and) resources)?\W*",
    r"our (latest|newest|recent|most popular|popular) (posts|articles|stories|guides|news)( (&|and) resources)?\W*",
    r"(your next read|keep reading|in case you missed it|view all (stories|posts|articles)|post categories)\W*",
]

# Tag blocks. Seed 000: "Hashtags"
TAGS_BLOCK = [
    r"hashtags?\W*",
    r"(tags?|tagged( with)?|topics?|filed under|categories|category|keywords)\s*:.{0,200}",
    r"(tags|topics)",
]

# Promotions and calls to action. Seed 000: "Try Our AI Features", "Explore what Daily8 AI can do for you:"
PROMO = [
    r"try (our|the) .{1,40} features?\W*",
    r"explore what .{1,40} can do for you\W*",
    r"subscribe\b.{0,80}",
    r"sign up\b.{0,80}(newsletter|updates|free|today|now|here).{0,40}",
    r"(get|download|install) (our|the) (free )?(\w+ )?app\b.{0,60}",
    r"(get|receive) (our|the) .{0,40}newsletter.{0,60}",
    r"(become|join) (a )?(member|subscriber|premium)\b.{0,60}",
    r"(already a subscriber|already have an account)\??.{0,40}",
    r"(log ?in|sign in|register)( now| here| today)?( to .{0,40})?\W*",
    r"support (our|independent) journalism.{0,80}",
]

# Share and follow lines: "Share this article", "Follow us on Twitter", bare network names.
SHARE_FOLLOW = [
    r"share( this| the)?( article| story| post| page)?(( on| via| with)\s.{0,40})?\W*",
    r"follow (us|him|her|them)( on .{1,40})?\W*",
    r"(facebook|twitter|x|whatsapp|linkedin|telegram|pinterest|reddit|email|e-mail|print|copy link|"
    r"copy url|messenger|instagram|youtube|threads|bluesky)(\s*[|/·,]\s*(facebook|twitter|x|whatsapp|"
    r"linkedin|telegram|pinterest|reddit|email|e-mail|print|copy link|instagram|youtube))*\W*",
    r"(click|tap) (here )?to share.{0,40}",
    # washingtonexaminer.com: "Share your thoughts with friends." above its teaser list.
    r"share (your|this|the) (thoughts|story|article|post)( with [^.!?]{1,30})?\W*",
    r"follow [^ ]+( [^ ]+){0,3} on [^.!?:;]{1,80}",
    r"(share (on|via) [\w.]+( \([\w.]+\))?\s*)+",
    # health.harvard.edu: "Share this page to Facebook Share this page to X Share this page via Email ..."
    r"((share|copy) this (page|article|story|post) (to|via) [\w.]+\s*)+.{0,40}",
    r"\d[\d.,]*k? shares?",
]

# Advertisement labels.
ADVERTISEMENT = [
    r"(advertisement|advertising|advert|sponsored( content| post)?|promoted( content)?|paid (post|content)|ad)\W*",
    r"(story|article) continues (below|after) (this )?(advertisement|ad)\W*",
    r"scroll (down )?to continue( reading)?\W*",
]

# Cookie and consent notices: a line about cookies that asks to accept or names a policy.
COOKIE_NOTICE = [
    r".{0,200}\b(we|this (web)?site|our (web)?site)s? uses? cookies\b.{0,300}",
    r".{0,200}\bcookies?\b.{0,200}\b(accept|consent|privacy policy|cookie policy|preferences|settings)\b.{0,200}",
    r"(accept|reject|manage)( all)? cookies\W*",
    r"cookie (policy|settings|preferences)\W*",
]

# "Read more" links.
READ_MORE = [
    r"(read|see|show) (more|full (story|article))\W*",
    r"continue reading\W*.{0,40}",
    r"click here to (read|see) more\W*",
    r"(read|view) (the )?(original|full) (article|story|report)( here)?\W*",
]

# Photo captions and credits, which the text dump puts on lines of their own:
# "Image: Jose Mourinho has agreed a deal ...", "(Credit: Joseph Maldonado)",
# "GoPro Hero12 Black with bike mount. Photo: GoPro", "... Hialeah, Fla. (AP Photo/Alan Diaz, File)".
# (Unbounded ".+" where the length is capped anyway by MAX_CAPTION_LINE_CHARS: bounded repeats
# like ".{1,250}" make the regex automaton, and the stage, several times slower.)
CAPTION_CREDIT = [
    r"(image|photo|photograph|picture|pictured|credit|credits|illustration|caption|source)\s*:.+",
    # bbc.com: "Image copyright Getty Images", "Image caption Taylor Swift's seventh album, ...".
    r"(image|photo|picture|video) (caption|copyright|credit|source)\b.+",
    r"\((photo|image|credit|pictured|source|file photo)\b[^()]*\)",
    r".+[.)] *(photo|image|credit|picture|photograph)s? *(:|by) *[^.!?:;]{1,60}",
    r".+\((\w+ )?(photo|image|file)s?\s*/[^()]+\)",
    r".+[ /(](getty images|shutterstock|istock(photo)?|alamy)( plus)?\)?",
    # thesun.co.uk: "... sought treatment Credit: EPA"; nbcnews.com: "... on July 25, 2019. J. Scott
    # Applewhite / AP file".
    r".+\s(credit|photo|image|picture)s?:\s*[^.!?:;]{1,60}",
    r".+\s/\s(ap|afp|reuters|getty|epa|upi)( images)?( file)?( photo)?",
]

# Previous/next links under an article. "Previous article Reviews of Pizza Express ..."
PAGER = [
    r"(previous|next|prev|older|newer) (article|post|story|entry)\b.{0,120}",
    r"(«|‹|<)?\s*(previous|next|prev)\s*(»|›|>)?",
    r"(back|return) to top\W*",
]

# Author boxes under an article. "About the author", "About Our Expert", "Written by".
AUTHOR_BOX = [
    r"about (the |this |our )?(author|writer|expert|contributor|reviewer|editor)s?\W*",
    # health.harvard.edu: "View all posts by Maureen Salamon" under the author's bio.
    r"(view|see|read) (all|more) (posts|articles|stories) by .{1,60}",
    r"(written|posted|published) by\W*",
    r"(the )?authors?\W*",
    r"meet (the|our) (author|writer|team)\W*",
    # The author's name, then their job on a line of its own: "Zackery Cuevas" / "Writer, Hardware",
    # "Contributing Writer", "Senior Staff Writer", "Editor, Running Reviews".
    r"((senior|contributing|staff|associate|managing|deputy|executive|freelance|guest|lead|chief|features?"
    r"|news|health|science|commerce|content) )*(writer|editor|reporter|journalist|contributor|correspondent"
    r"|author)(, [^.!?]{1,40})?",
    r"(author bio|full bio|(written|reviewed|edited|fact[- ]checked) by,?( [^.!?]{1,40})?|guest author [^.!?]{1,40})",
]

# Copyright lines of a page footer. "Copyright ⓒ Entermedia.co.kr. ...", "© 2019 FOX News Network, LLC".
COPYRIGHT_NOTICE = [
    r"(copyright\s*)?(\(c\)|©|ⓒ).{0,160}",
    r"copyright\s+\d{4}\b.{0,160}",
    r".{0,80}\ball rights reserved\b.{0,120}",
]

# Contact and sign-up forms: field labels, required-field marks, hidden-field notes, buttons.
# psafinancial.com: "First Name *", "Email *", "This field is hidden when viewing the form";
# vivint.com: "Leave this field blank", "Start Your Quote".
FORM_FIELD = [
    r"[^.!?]{1,50}\s\*",
    r"((first|last|full|your)( and last)? name|e-?mail( address)?|phone( number| no\.?)?|zip( code)?|postal code"
    r"|message|city|country)\s*\*?:?",
    r"(leave this field (blank|empty)|this field is (for validation purposes|hidden).{0,80})\W*",
    r"(submit|send|send message|start your quote|sign me up)\W*",
]

# Source lists under an article: its header, then citations, which the bodies leave out.
# smartasset.com: "Article Sources"; seniorliving.org: "Citations"; treehugger.com: "View Article Sources".
SOURCES_HEADER = [
    r"(view |show |see )?(article |our |the |data )?(sources|references|citations|bibliography|works cited"
    r"|footnotes|sources and references|references and sources)\W*",
    # nerdfitness.com: "Footnotes ( returns to text)"
    r"(sources|references|citations|footnotes|notes)\s*\([^()]{1,30}\)\W*",
]

#: Chrome rules in the order they are tried: the first match names the removal.
CHROME_RULES: list[tuple[str, list[str]]] = [
    ("comments_widget", COMMENTS_WIDGET),
    ("related_header", RELATED_HEADER),
    ("tags_block", TAGS_BLOCK),
    ("promo", PROMO),
    ("share_follow", SHARE_FOLLOW),
    ("advertisement", ADVERTISEMENT),
    ("cookie_notice", COOKIE_NOTICE),
    ("read_more", READ_MORE),
    ("caption_credit", CAPTION_CREDIT),
    ("pager", PAGER),
    ("author_box", AUTHOR_BOX),
    ("copyright_notice", COPYRIGHT_NOTICE),
    ("form_field", FORM_FIELD),
    ("sources_header", SOURCES_HEADER),
]

#: Code for lines holding only whitespace: they separate blocks but carry no text.
BLANK_LINE = "blank_line"

#: Longest line (in characters) a chrome rule may remove, except cookie notices, which are long by
#: nature. Chosen so a widget label can never swallow a paragraph that happens to start like one.
MAX_CHROME_LINE_CHARS = 120
MAX_COOKIE_LINE_CHARS = 600
#: Captions are a sentence or two: up to this many characters, a line can be one.
MAX_CAPTION_LINE_CHARS = 300


def full_line(alternatives: list[str]) -> str:
    """One case-insensitive regex that matches a whole stripped line against any alternative."""
    if not alternatives:
        raise ValueError("a rule group needs at least one pattern")
    return r"(?i)^(?:" + "|".join(f"(?:{alt})" for alt in alternatives) + r")$"


# --- split markers ------------------------------------------------------------------------------

# Relative age of a related-article teaser. Seed 000: "14 hours ago", "a day ago".
RELATIVE_AGE = (
    r"(?i)^(?:(?P<n>\d+|an?|one)\s+(?P<unit>second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago"
    r"|(?P<word>just now|yesterday|today))\.?$"
)

MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

# An explicit date where a teaser gives its age: "June 28, 2025", "28 June 2025", "2025-06-28".
EXPLICIT_DATE_LINE = (
    rf"^(?:(?:{MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:[ ,T]+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?(?:\s*(?:UTC|GMT|Z))?$"
)

# A teaser's publisher line: short, no sentence punctuation at the end. Seed 000: "Times of Oman".
PUBLISHER_LINE = r"^[\w][\w .&'’\-]{0,58}[\w.]$"
MAX_PUBLISHER_WORDS = 6

# Short lines that look like a publisher but name a person: bylines and comment headers, which a
# date often follows. "By Tom Rogan", "Written by Everfit Team", "Melissa says".
NOT_PUBLISHER = r"(?i)^(?:by|written by|posted by|words by|story by|photos? by)\b|\bsays:?$"

# The repeated publisher line under a teaser's age. Seed 000: "- Times of Oman".
PUBLISHER_REPEAT = r"^[-–—]\s*(?P<publisher>.+)$"

# Headline: the first content line of a page when it is short and not a sentence ending in a period.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 250

# --- field regexes ------------------------------------------------------------------------------

# Wire agencies recognised in a dateline lead or a trailer. Sources: the agencies named by the
# seeds ("ANI") plus the national and international wires common in English-language news.
WIRE_AGENCIES = [
    "ANI", "PTI", "IANS", "UNI", "Reuters", "AP", "AFP", "dpa", "DPA", "EFE", "Xinhua", "TASS",
    "RIA", "Yonhap", "Kyodo", "Bernama", "Antara", "WAM", "SPA", "KUNA", "QNA", "ONA", "MENA",
    "APP", "BSS", "RSS", "Anadolu", "AA", "ANSA", "PA", "CNA", "Sputnik", "IRNA", "NNA", "Bloomberg",
]
_AGENCY = "(?:" + "|".join(WIRE_AGENCIES) + ")"

# Dateline lead. Seed 001: "St. Petersburg [Russia], June 28 (ANI): "; seed 000 teasers:
# "Alaska: ", "Washington, DC: ". A place is one to four capitalised words, optionally followed by
# ", XX" (a state or district code); a country in brackets, a date and an agency are optional.
_PLACE_WORD = r"[A-Z][A-Za-z.'’\-]*"
DATELINE = (
    rf"^(?P<place>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}}(?:, (?:[A-Z]{{2}}|D\.C\.))?)"
    r"(?:\s*\[(?P<country>[^\]\n]{2,40})\])?"
    rf"(?:,\s*(?P<month>{MONTHS})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?)?"
    rf"(?:\s*\((?P<agency>{_AGENCY})\))?"
    r"\s*(?:--|[:–—-])\s+"
)

# Wire trailer at the very end of a body. Seed 001: a last line "(ANI)".
WIRE_TRAILER = rf"\s*\((?P<agency>{_AGENCY})\)\s*$"

# Month names to numbers, for resolving dateline dates.
MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

# Length of one relative-age unit. Months and years are calendar averages: a teaser that says
# "a month ago" is only that precise.
AGE_UNIT_SECONDS = {
    "second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600,
    "day": 86_400, "week": 7 * 86_400, "month": 30 * 86_400, "year": 365 * 86_400,
}

# --- main-block selection (flows/blocks.py) ------------------------------------------------------

#: Code for short lines whose exact text is on the page at least REPEATED_LINE_MIN_COUNT times:
#: the dates and bylines of a teaser list ("Tuesday November 19, 2019" x 13), "Read More ›".
#: Four: a heading or label in an article body may well appear twice, and an aggregator page
#: names the publisher of its three teasers three times (seed 000), which the split stage needs.
REPEATED_LINE = "repeated_line"
REPEATED_LINE_MIN_COUNT = 4

#: Code for lines that repeat across the pages of one site in the same input (menus, footers,
#: newsletter boxes, share widgets): a kept line whose normalised text (SITE_LINE_NORMALISE) is on
#: SITE_REPEAT_MIN_PAGES or more pages of the same site (the record's ``domain``, else its URL's
#: host), next to another such line or a line a chrome rule removed. An isolated repeat is kept:
#: sites reuse subheadings inside their articles ("Final Verdict", "Why Trust The Spruce Eats",
#: product names), chrome comes in runs. A site with one page in the input has no such line. In
#: the block search a ``site_repeat`` line scores -SITE_REPEAT_SCORE, like a short line: at 0 the
#: removed menus stop separating a footer from the article. Dev split (59 of 359 pages share a site
#: with another page, at 0.956 F1 already; overall / aeb F1 from 0.9327 / 0.9543): 0.9329 / 0.9541;
#: without the run condition 0.9327 / 0.9535, scoring 0: 0.9328 / 0.9537, 400 (a barrier): 0.9326 /
#: 0.9541; lines of at most 80 characters only, scoring 0: 0.9315 / 0.9463. The loss that remains is
#: two pages about one show sharing its ticket box (jeongdongtheater.com, 0.940 -> 0.859).
SITE_REPEAT = "site_repeat"
SITE_REPEAT_MIN_PAGES = 2
SITE_REPEAT_SCORE = 40
#: Characters dropped before comparing lines across pages: digits (counts, dates) and everything
#: that is not a letter, so "12 Comments" and "3 comments" are one line.
SITE_LINE_NORMALISE = r"[\d\W_]+"

#: Code for kept lines outside the page's best-scoring contiguous run of lines.
OUTSIDE_MAIN_BLOCK = "outside_main_block"

# Line score = min(chars, CAP) - PROSE_MIN_CHARS (+ bonus, - penalty): a line shorter than
# PROSE_MIN_CHARS counts against the block it sits in. Calibrated together on the cleaning dev
# split (bench/cleaning_quality.py); do not tune one alone.
PROSE_MIN_CHARS = 80
LINE_SCORE_CAP_CHARS = 400
SENTENCE_END_BONUS = 30
MENU_SHAPE_PENALTY = 40

# A short line of several words is a list item, a subheading or a caption as often as chrome; menu
# items and buttons are one or two words. So a line of SHORT_LINE_MIN_WORDS words or more (counted
# in its first PROSE_MIN_CHARS characters: only short lines need it) scores no lower than
# -SHORT_LINE_FLOOR, and a list of book titles or product names no longer splits the body
# (lithub.com's best-books list). On the dev split (overall / aeb F1, from 0.919 / 0.941):
# 3 words, -20: 0.925 / 0.943; 2, -20: 0.926 / 0.944; 4, -20: 0.923 / 0.943; 3, -40: 0.923 / 0.941;
# 4, 0: 0.926 / 0.936; any line, -20: 0.919 / 0.925 (menus join the block). 3 words keeps two-word
# menu items ("Gas Springs") out.
SHORT_LINE_MIN_WORDS = 3
SHORT_LINE_FLOOR = 20

# A short line repeated on a page (``repeated_line``) is chrome when it sits in menus, teaser lists
# or button rows, but inside the main block it is usually the article's own template: "Pros",
# "Key features", "Buying options:", a comparison's row labels. Such a line between the block's
# first and last line is kept again, unless it holds no letter ("★ ★ ★ ★ ★"), is a date (teaser and
# comment dates), or has a button's shape: a call to action ("Book Now", "Check Price", "Visit
# Website", "Reply") or a commenter's name ("Melissa says").
BUTTON_LINE = (
    r"(?i)^\W*(?:book|buy|shop|check|see|visit|get|learn|read|watch|order|download|subscribe|sign|"
    r"reply|view|jump|track|loading|compare|add|go|click|call|contact|request|start|try|map|back)\b"
    r"|(?i)\bsays?\W*$"
)

# A data table: `raw_text` gives each row its own line, its cells joined by spaces ("1 State Farm
# Group 107,764,591 16.4", "1/1/2013 +13.1%"). Rows are short, so a table of a hundred of them drifted
# the block's running sum down by thousands of points and cut the article at it. A run of
# TABLE_MIN_ROWS or more consecutive kept lines of at most TABLE_ROW_MAX_CHARS characters, each with
# TABLE_ROW_MIN_NUMBERS or more tokens holding a digit, scores at least 0, like a list under a colon:
# the block can run through it but gains nothing from it. On the dev split: runs of 3+ rows 0.9410,
# 5+ 0.9409, 10+ 0.9399 overall (from 0.9392); rows of 1+ number 0.9428 overall but 0.954 aeb (from
# 0.958) and 0.877 on non-English pages (numbered menus, dates and scores in sidebars).
TABLE_ROW_MAX_CHARS = 120
TABLE_ROW_MIN_NUMBERS = 2
TABLE_MIN_ROWS = 5
TABLE_ROW_NUMBER = r"\S*\d\S*"

# A line that ends like a sentence: "... said on Monday.", "... ready?", '... "stop."', "...다."
SENTENCE_END = r"[.!?。！？…][\"'”’»)\]]*$"

# A teaser snippet cut off mid-sentence: "... to the Los Angeles Kings on...", "... railed 23-20 at
# that point,...", "... and has…". Such a line scores minus half its (capped) length instead of
# plus it: a list of teasers after the article (twincities.com, macrumors.com) reads like prose.
TRUNCATED_END = r"(?:\w|,)\s?(?:\.{3,}|…)[\"'”’»)\]]*$"

# A line that is only a date, optionally with a weekday, a time or an age: "Wednesday November 20,
# 2019", "November 19, 2019 at 5:10 pm", "2 days ago at 07:52 am", "2019-11-20". Teaser lists and
# comment threads carry one per item; an article body almost never has one on its own line.
DATE_ONLY_LINE = (
    r"(?i)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago)"
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\s*$"
)
#: Points a date-only line loses on top of its length score; 150 (as a barrier) on the dev split:
#: 60 scored 0.912, 150 and 300 0.913 overall (0.939 aeb, from 0.937).
DATE_LINE_PENALTY = 150

# A list introduced by a sentence: "Key topics discussed in the guide include:", "Many patches were
# sent for review:", then one short item per line (a release's patch titles, a guide's topics).
# Short lines score against a block, so a list of them cut the body in two (blog.antoyo.xyz kept
# 14 % of its text). A line ending in a colon, of LIST_INTRO_MIN_WORDS words or more, opens a list
# when it or the kept line above it reads as prose (scores 0 or more): the intro and the short lines
# below it, up to the next prose line or list intro, score at least 0, so the block can run through
# them. Not for menus under "RSS feeds:" or "Contact one of our locations:", which no prose precedes.
LIST_INTRO = r"\w.*:$"
LIST_INTRO_MIN_WORDS = 3

# Link labels joined by separators: "Home | News | Sport", "World » Europe".
MENU_SHAPE = r"^[^|»›•·]{1,40}(\s[|»›•·]\s[^|»›•·]{1,40}){1,}$"

#: Lines above the main block searched for its headline.
TITLE_WINDOW_LINES = 15

#: Chrome that usually closes an article rather than interrupting it: a line removed by one of
#: these rules scores -BLOCK_BARRIER_SCORE in the block search (other removed lines score 0), so
#: a block crosses it only for more prose on the other side. Not above a related-article block
#: that the split stage will separate (seed 000's "Related Articles" over its teasers): there it
#: scores 0. First 150, two short lines' worth (dev split, aeb F1: 80: 0.924, 150: 0.928, 300:
#: 0.921); raised to 400 once short lines of three words or more scored no lower than -20 and
#: comment threads, dates and form fields had their own scores (overall / aeb F1: 100: 0.928 /
#: 0.951, 150: 0.930 / 0.954, 300: 0.932 / 0.954, 400: 0.933 / 0.954, 600: 0.933 / 0.952,
#: 1000: 0.932 / 0.947).
BLOCK_BARRIER_RULES = (
    "comments_widget", "related_header", "tags_block", "share_follow", "author_box", "copyright_notice",
    "form_field", "sources_header",
)
BLOCK_BARRIER_SCORE = 400

#: Comment threads read like prose (macrumors.com: "Top Rated Comments", then user, "2 days ago at
#: 07:52 am", a comment, "Rating: 36 Votes", ...), so barriers alone split them into blocks that can
#: outscore the article. A line removed by one of THREAD_OPENER_RULES, below at least
#: THREAD_MIN_PROSE_BEFORE points of positive line scores (an article's worth), opens a thread: every
#: kept line below it scores at most -THREAD_LINE_SCORE, like a short line. Not above a related-article
#: block that the split stage will separate (seed 000). Chosen on the dev split: 300 points opened
#: threads under a news lede (aeb 0.937 -> 0.923), 600 and 1000 scored the same; related headers as
#: openers too cut articles at in-article "Most Popular" boxes (overall 0.911 -> 0.907).
#: A source list reads like prose too (citations of one or two sentences each) and closes an article
#: the same way: "sources_header" opens one (dev split, overall / aeb F1 from 0.9329 / 0.9541: as a
#: barrier only 0.9328 / 0.9541, as an opener too 0.9336 / 0.9575: politifact.com's "Our Sources",
#: smartasset.com; tayst.com's body keeps its reference list, 0.907 -> 0.805).
#: So does an author box ("About the Author", "Senior Staff Writer"): the bio and whatever the site
#: puts under it (0.9353 -> 0.9359, insight2wealth.com, startups.epam.com, uk.pcmag.com; no page
#: lost). Measured and left out: copyright lines 0.9344, form fields 0.9320, share lines 0.9334,
#: tag blocks no change.
THREAD_OPENER_RULES = ("comments_widget", "sources_header", "author_box")
THREAD_MIN_PROSE_BEFORE = 1000
THREAD_LINE_SCORE = 40

# The page's own title, found from its URL: most article URLs end in a slug of the headline
# ("/why-beijing-will-bring-slaughter-to-hong-kong"), and the article starts right below the line
# that repeats it. A slug of SLUG_MIN_WORDS words or more (three letters and up) names the kept line
# sharing the largest share of words with it (Jaccard, at least TITLE_MATCH_MIN) the title line;
# when the best run starting within ANCHOR_WINDOW_LINES lines below it scores at least
# ANCHOR_MIN_SHARE of the best run anywhere, that run is the main block. Without a URL (seed files,
# ``newsdesk run``), nothing changes. Not when the best run holds the title line: then the slug
# matched a heading inside the article. Chosen on the dev split (overall / aeb F1, from 0.928 /
# 0.953): 0.930 / 0.954; share 0.3: 0.930 / 0.938, 0.7: same as 0.5; window 5: 0.928, 20: 0.930 /
# 0.952; match 0.4: 0.931 / 0.953, 0.8: 0.930 / 0.954. Anchoring even when the run holds the title
# line: 0.924 (the run was cut to the part below a subheading).
SLUG_MIN_WORDS = 3
TITLE_MATCH_MIN = 0.6
ANCHOR_WINDOW_LINES = 10
ANCHOR_MIN_SHARE = 0.5
# A site footer outscoring a short article: when the best run ends within FOOTER_GAP_LINES lines
# above the page's copyright line (a company blurb, a legal disclaimer: "This material is not
# intended to replace the advice of a qualified advisor ...") and starts below the run under the
# title line, it is the footer, and the run under the title needs only FOOTER_ANCHOR_MIN_SHARE of
# its score. On the dev split one page changes (psafinancial.com, F1 0 -> 0.93), at any share from
# 0 to 0.3 and any gap from 1 to 6 lines; without the copyright condition, share 0.3 also took
# levitate.ai from 0.37 to 0.30 and 0.2 took beconnected.esafety.gov.au from 0.91 to 0.15.
FOOTER_GAP_LINES = 3
FOOTER_RULE = "copyright_notice"
FOOTER_ANCHOR_MIN_SHARE = 0.25

# --- Story terms (flows/dedup.term_features) -------------------------------------------------------
# Function words of four letters or more, and news-speak verbs, that say nothing about which event
# an article covers ("said", "also", "during" appear in both seed stories and in every teaser).
STOPWORDS = frozenset(
    {
        "about", "above", "after", "again", "against", "also", "among", "amid", "been", "before", "being",
        "below", "between", "both", "could", "does", "doing", "down", "during", "each", "even", "ever",
        "from", "further", "have", "having", "here", "however", "into", "itself", "just", "last", "like",
        "made", "make", "many", "more", "most", "much", "must", "near", "next", "only", "other", "over",
        "same", "several", "should", "since", "some", "such", "than", "that", "their", "them", "then",
        "there", "these", "they", "this", "those", "though", "through", "under", "until", "upon", "very",
        "were", "what", "when", "where", "which", "while", "whom", "will", "with", "within", "without",
        "would", "your", "year", "years", "today", "yesterday", "week", "said", "says", "told", "according",
        "added", "noted", "stated", "reported",
    }
)
