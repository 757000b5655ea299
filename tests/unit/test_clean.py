"""Clean stage: each rule removes what it names (with its code) and leaves real sentences alone."""

from __future__ import annotations

import polars as pl
import pytest

from flows import clean
from flows.clean import clean_text
from tests.helpers import classify


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Comments", "comments_widget"),
        ("No comments yet...", "comments_widget"),
        ("Be the first to comment", "comments_widget"),
        ("Leave a comment", "comments_widget"),
        ("12 Comments", "comments_widget"),
        ("[ 167 comments ]", "comments_widget"),
        ("Top Rated Comments", "comments_widget"),
        ("[ Read All Comments ]", "comments_widget"),
        ("6 thoughts on “How to Adopt an Online Leader Success Mindset”", "comments_widget"),
        ("Allison says:", "comments_widget"),
        ("Read More News on", "related_header"),
        ("Image copyright Getty Images", "caption_credit"),
        ("First Name *", "form_field"),
        ("About the Reviewer", "author_box"),
        ("View all posts by Maureen Salamon", "author_box"),
        ("Share this page to Facebook Share this page to X Share this page via Email", "share_follow"),
        ("Back to top", "pager"),
        ("Article Sources", "sources_header"),
        ("Footnotes ( returns to text)", "sources_header"),
        ("You’ll Also Love...", "related_header"),
        ("Related topics & resources", "related_header"),
        ("Our Latest Articles & Resources", "related_header"),
        ("In Case you missed it", "related_header"),
        ("Writer, Hardware", "author_box"),
        ("Senior Staff Writer", "author_box"),
        ("Author Bio", "author_box"),
        ("Reviewed by,", "author_box"),
        ("Guest author Elizabeth Shields", "author_box"),
        ("Citations", "sources_header"),
        ("View Article Sources", "sources_header"),
        ("Our Sources", "sources_header"),
        ("Email address:", "form_field"),
        ("Leave this field blank", "form_field"),
        ("Most read in world news", "related_header"),
        ("Share your thoughts with friends.", "share_follow"),
        ("Related Articles", "related_header"),
        ("Related Stories", "related_header"),
        ("Related News", "related_header"),
        ("More from Times of Oman", "related_header"),
        ("You may also like", "related_header"),
        ("You might also like:", "related_header"),
        ("Hashtags", "tags_block"),
        ("Tags: politics, Russia, Alaska", "tags_block"),
        ("Try Our AI Features", "promo"),
        ("Explore what Daily8 AI can do for you:", "promo"),
        ("Subscribe to our newsletter", "promo"),
        ("Download our app", "promo"),
        ("Share this article", "share_follow"),
        ("Follow us on Twitter", "share_follow"),
        ("Facebook | Twitter | WhatsApp", "share_follow"),
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("We use cookies to improve your experience. By continuing you accept our cookie policy.", "cookie_notice"),
        ("Accept all cookies", "cookie_notice"),
        ("Read more", "read_more"),
        ("Continue reading", "read_more"),
        ("   ", "blank_line"),
    ],
)
def test_chrome_line_is_removed_with_its_rule(line, rule):
    lines = classify(f"A real opening sentence of the story.\n{line}\nAnother real sentence.")
    assert lines["rule"].to_list() == [None, rule, None]


@pytest.mark.parametrize(
    "line",
    [
        "Shares of the company fell 3 per cent on Monday after the report.",
        "Comments made by the minister drew criticism from the opposition.",
        "More than 200 people attended the meeting in St. Petersburg.",
        "Related talks are expected to continue next week in Geneva.",
        "Advertisement revenue rose sharply in the second quarter, the company said.",
        "Subscribers to the service will see prices rise from June.",
        "Read more about the summit in our live coverage, the editor wrote in a note to readers who asked.",
        "Trump admits he and Putin did not reach key agreements",
    ],
)
def test_sentences_that_start_like_chrome_are_kept(line):
    assert classify(line)["rule"].to_list() == [None]


def test_long_lines_are_never_chrome_except_cookie_notices():
    long_share = "Share " + "word " * 40
    assert classify(long_share)["rule"].to_list() == [None]


def test_clean_text_keeps_order_and_drops_only_removed_lines():
    text = "Headline of the day\n\nFirst paragraph.\nComments\nSecond paragraph.\n"
    assert clean_text(text) == "Headline of the day\nFirst paragraph.\nSecond paragraph."


def test_page_of_only_chrome_cleans_to_nothing():
    assert clean_text("Comments\nNo comments yet...\nRelated Articles\n\nAdvertisement") == ""


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Image: Jose Mourinho has agreed a deal to become manager of Tottenham Hotspur", "caption_credit"),
        ("(Credit: Joseph Maldonado)", "caption_credit"),
        ("The latest case was reported after a hunter killed and ate a rabbit Credit: Getty - Contributor",
         "caption_credit"),
        ("Rep. Ilhan Omar, D-Minn., speaks at the Capitol on July 25, 2019. J. Scott Applewhite / AP file",
         "caption_credit"),
        ("GoPro Hero12 Black with bike mount. Photo: GoPro", "caption_credit"),
        ("Crews load trims into a truck in Hialeah, Fla. (AP Photo/Alan Diaz, File)", "caption_credit"),
        ("Source: Sociallyin", "caption_credit"),
        ("Previous article Reviews of Pizza Express Duke of York says he visited suspended", "pager"),
        ("Next »", "pager"),
        ("Follow AP on Facebook, X, Instagram, YouTube and TikTok", "share_follow"),
        ("Share on X (Twitter) Share on Facebook Share on Pinterest", "share_follow"),
        ("1.2k shares", "share_follow"),
        ("Recent Posts", "related_header"),
        ("What to read next", "related_header"),
        ("Post navigation", "related_header"),
        ("Was this page helpful?", "comments_widget"),
        ("About the Author", "author_box"),
        ("Written by", "author_box"),
        ("Copyright ⓒ Entermedia.co.kr. All rights reserved", "copyright_notice"),
        ("Published here. ©2019 FOX News Network, LLC. All rights reserved.", "copyright_notice"),
    ],
)
def test_caption_pager_and_share_lines_are_removed(line, rule):
    lines = classify(f"A real opening sentence of the story.\n{line}\nAnother real sentence.")
    assert lines["rule"].to_list() == [None, rule, None]


@pytest.mark.parametrize(
    "line",
    [
        "The photo: a grainy shot of the harbour, taken in 1952, shows the old pier.",
        "Sources said the talks would resume next week.",
        "Next year the council plans to reopen the library.",
        "The author of the report, a former judge, said the rules were unclear.",
        "Copyright lawyers say the ruling will change how songs are licensed.",
    ],
)
def test_sentences_about_photos_sources_and_next_are_kept(line):
    assert classify(line)["rule"].to_list() == [None]


def test_every_cookie_pattern_names_a_cookie():
    # clean._rule_expr hands the cookie patterns only lines containing "cookie" (a speed-up); a
    # pattern that could match without that word would be silently skipped.
    from flows import rules

    assert all("cookie" in pattern.lower() for pattern in rules.COOKIE_NOTICE)



def _classify_sites(pages: dict[str, tuple[str | None, str]]) -> pl.DataFrame:
    """{page_id: (site, text)} -> classified lines with the pages' sites, as main-text runs them."""
    frame = pl.LazyFrame({"page_id": list(pages), "text": [text for _, text in pages.values()]})
    sites = pl.LazyFrame({"page_id": list(pages), "site": [site for site, _ in pages.values()]})
    return clean.classify_lines(clean.split_lines(frame), sites=sites).collect()


MENU = "Home\nNews\nSport\nBusiness\n"
FOOTER = (
    "Enter your email address to subscribe to this blog and receive notifications of new posts.\n"
    "Join 513 other subscribers\n"
)
PROSE = "This is a paragraph of a real article, long enough to read as prose on any page we clean. " * 2


def test_lines_repeated_on_two_pages_of_a_site_are_site_repeat():
    page_a = MENU + PROSE + "One.\nFinal Verdict\n" + PROSE + "Two.\n" + FOOTER
    page_b = MENU + PROSE + "Three.\nFinal Verdict\n" + PROSE + "Four.\n" + FOOTER
    out = _classify_sites({"a": ("example.com", page_a), "b": ("example.com", page_b)})
    page = out.filter(pl.col("page_id") == "a")
    rule_of = dict(zip(page["text"], page["rule"], strict=True))
    assert {rule_of[line] for line in (MENU + FOOTER).splitlines()} == {"site_repeat"}
    # a lone repeat between prose lines is a subheading the site's articles share: kept
    assert rule_of["Final Verdict"] is None
    assert rule_of[PROSE + "One."] is None


def test_a_site_with_one_page_in_the_input_loses_nothing_to_site_repeat():
    page = MENU + PROSE + "One.\n" + FOOTER
    out = _classify_sites({"a": ("example.com", page), "b": ("other.org", page), "c": (None, page)})
    assert "site_repeat" not in out["rule"].to_list()


# Cleaning a cleaned page changes nothing (tests/test_properties.py found both pages).
DATELINE = "St. Petersburg [Russia], June 28 (ANI): The army said."


def test_a_repeated_label_that_would_split_the_block_is_not_put_back():
    # "A" is on the page four times: removed as repeated_line, scored 0 in the block search, and
    # the three between the datelines were put back. On the cleaned page "A" was there three times,
    # kept, scoring as the short line it is, and the block lost everything below the first dateline.
    text = "\n".join([DATELINE, "A", "A", "A", DATELINE, "A"])
    once = clean_text(text)
    assert once == f"{DATELINE}\n{DATELINE}"
    assert clean_text(once) == once


def test_a_date_line_above_a_related_block_left_outside_is_penalised_like_any_date():
    # "14 hours ago" between two paragraphs went unpenalised because a related block (publisher
    # over age line) followed further down; that block was left outside the main block, so on the
    # cleaned page the date lost DATE_LINE_PENALTY and split the article after the first paragraph.
    para_1 = (
        "The council approved the new budget on Monday after a long debate about school funding "
        "and roads in the city centre."
    )
    para_2 = "The mayor said the vote was close and the plan would start next year, and more."
    text = "\n".join([para_1, "14 hours ago", para_2, "Times of Oman", "14 hours ago"])
    once = clean_text(text)
    assert once == para_1
    assert clean_text(once) == once
