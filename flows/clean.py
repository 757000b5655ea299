"""Clean stage: page text -> lines, each kept or removed with the code of the rule that removed it.

Rules, in the order they are tried (first match wins; all from ``rules.py``):

1. ``blank_line``: only whitespace.
2. The chrome rules of ``rules.CHROME_RULES``, each a whole-line, case-insensitive pattern, applied
   only to lines of at most ``MAX_CHROME_LINE_CHARS`` characters (cookie notices and captions:
   longer): ``comments_widget``, ``related_header``, ``tags_block``, ``promo``, ``share_follow``,
   ``advertisement``, ``cookie_notice``, ``read_more``, ``caption_credit``, ``pager``,
   ``author_box``, ``copyright_notice``, ``form_field``, ``sources_header``.
3. ``repeated_line``: a kept line of at most ``MAX_CHROME_LINE_CHARS`` characters whose exact text
   appears ``REPEATED_LINE_MIN_COUNT`` times or more on the page (teaser dates, bylines, buttons).
4. ``site_repeat``: with the pages' sites (``newsdesk main-text``: the records' ``domain`` or URL
   host), a kept line whose text, letters only and lower-cased, is on ``SITE_REPEAT_MIN_PAGES``
   pages of the same site in the input, next to another such line or a removed one (menus,
   footers, newsletter boxes). A site with a single page in the input loses nothing to it.
5. ``outside_main_block``: kept lines outside the page's main block (:mod:`flows.blocks`).

Every input line comes out exactly once, so kept and removed lines together are the page. Deciding
(:func:`classify_lines`) is separate from rewriting (:func:`kept_text`).
"""

from __future__ import annotations

import polars as pl

from flows import blocks, rules


def split_lines(pages: pl.LazyFrame) -> pl.LazyFrame:
    """Pages (page_id, text) -> one row per line: page_id, line_no (1-based), text."""
    return (
        pages.select("page_id", pl.col("text").str.split("\n").alias("text"))
        .explode("text")
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int32).over("page_id").alias("line_no"))
        .select("page_id", "line_no", "text")
    )


def _rule_expr() -> pl.Expr:
    stripped = pl.col("text").str.strip_chars()
    n_chars = stripped.str.len_chars()
    chain = pl.when(stripped == "").then(pl.lit(rules.BLANK_LINE))
    # when/then evaluates every branch on every row, so each regex gets only the lines it could
    # match and null elsewhere (a regex skips nulls): long lines never reach the chrome patterns,
    # and only lines naming a cookie reach the cookie patterns, whose leading ".{0,200}" made
    # them 80 % of cleaning time (profiled on bench/make_corpus.py pages).
    short = pl.when(n_chars <= rules.MAX_CHROME_LINE_CHARS).then(stripped)
    cookie_candidate = pl.when(
        (n_chars <= rules.MAX_COOKIE_LINE_CHARS) & stripped.str.contains("(?i)cookie")
    ).then(stripped)
    for code, patterns in rules.CHROME_RULES:
        limit = rules.MAX_CAPTION_LINE_CHARS if code == "caption_credit" else None
        if code == "cookie_notice":
            candidate = cookie_candidate
        elif limit is not None:
            candidate = pl.when(n_chars <= limit).then(stripped)
        else:
            candidate = short
        chain = chain.when(candidate.str.contains(rules.full_line(patterns))).then(pl.lit(code))
    return chain.otherwise(pl.lit(None, dtype=pl.String)).alias("rule")


def _repeated_expr() -> pl.Expr:
    """``repeated_line`` for a short kept line whose exact text is on the page REPEATED_LINE_MIN_COUNT
    times or more (teaser dates and bylines, "Read More ›", widget labels); else the rule as it was."""
    stripped = pl.col("text").str.strip_chars()
    repeated = (
        pl.col("rule").is_null()
        & (stripped.str.len_chars() <= rules.MAX_CHROME_LINE_CHARS)
        & (pl.len().over("page_id", stripped) >= rules.REPEATED_LINE_MIN_COUNT)
    )
    return pl.when(repeated).then(pl.lit(rules.REPEATED_LINE)).otherwise(pl.col("rule")).alias("rule")


def _site_repeat(classified: pl.LazyFrame, sites: pl.LazyFrame | None) -> pl.LazyFrame:
    """``site_repeat`` for a kept line whose normalised text is on SITE_REPEAT_MIN_PAGES or more
    pages of its site (``sites``: page_id, site), next to another such line or to a line a rule
    removed (the first and last line of a page count as next to chrome); else the rule as it was.
    Without ``sites``, or for a page without a site, nothing changes. Expects lines in page and
    line order."""
    if sites is None:
        return classified
    # Only pages whose site has other pages in the input get a key: normalising every line of a
    # batch of one-page sites cost a tenth of the main-text path (profiled on the dev split).
    shared_sites = (
        sites.filter(pl.col("site").is_not_null())
        .group_by("site")
        .agg(pl.col("page_id").n_unique().alias("_n_pages"))
        .filter(pl.col("_n_pages") >= rules.SITE_REPEAT_MIN_PAGES)
        .select("site")
    )
    sites = sites.join(shared_sites, on="site", how="semi")
    shared = pl.col("rule").is_null() & pl.col("_site").is_not_null()
    key = pl.when(shared).then(pl.col("text").str.strip_chars().str.to_lowercase()).str.replace_all(
        rules.SITE_LINE_NORMALISE, ""
    )
    candidate = (pl.col("_key") != "").fill_null(False)
    n_pages = pl.col("page_id").filter(pl.col("_candidate")).n_unique().over("_site", "_key")
    repeated = pl.col("_candidate") & (n_pages >= rules.SITE_REPEAT_MIN_PAGES)
    chrome = pl.col("_repeated") | (pl.col("rule").is_not_null() & (pl.col("rule") != rules.BLANK_LINE))
    in_run = chrome.shift(1).over("page_id").fill_null(True) | chrome.shift(-1).over("page_id").fill_null(True)
    return (
        classified.join(sites.select("page_id", pl.col("site").alias("_site")), on="page_id", how="left",
                        maintain_order="left")
        .with_columns(key.alias("_key"))
        .with_columns(candidate.alias("_candidate"))
        .with_columns(repeated.alias("_repeated"))
        .with_columns(
            pl.when(pl.col("_repeated") & in_run)
            .then(pl.lit(rules.SITE_REPEAT))
            .otherwise(pl.col("rule"))
            .alias("rule")
        )
        .drop("_site", "_key", "_candidate", "_repeated")
    )


def classify_lines(
    lines: pl.LazyFrame, titles: pl.LazyFrame | None = None, sites: pl.LazyFrame | None = None
) -> pl.LazyFrame:
    """Lines -> the same lines with ``rule``: the code of the rule that removes it, null when kept.

    ``titles`` (page_id, _title_no; :func:`flows.blocks.find_title_lines`) anchors the main block
    below each page's title line where its URL names one. ``sites`` (page_id, site) lets lines that
    repeat across the pages of one site go as ``site_repeat``."""
    return (
        lines.with_columns(_rule_expr())
        .with_columns(_repeated_expr())
        .pipe(_site_repeat, sites)
        .pipe(blocks.select_main_block, titles)
    )


def removed_lines(classified: pl.LazyFrame) -> pl.LazyFrame:
    """Classified lines -> the removed ones: page_id, line_no, text, rule."""
    return classified.filter(pl.col("rule").is_not_null()).select("page_id", "line_no", "text", "rule")


def kept_lines(classified: pl.LazyFrame) -> pl.LazyFrame:
    """Classified lines -> the kept ones, whitespace-trimmed: page_id, line_no, text."""
    return classified.filter(pl.col("rule").is_null()).select(
        "page_id", "line_no", pl.col("text").str.strip_chars()
    )


def kept_text(classified: pl.LazyFrame) -> pl.LazyFrame:
    """Classified lines -> one row per page with its kept lines joined by newlines (page_id, text)."""
    return (
        kept_lines(classified)
        .group_by("page_id", maintain_order=True)
        .agg(pl.col("text").sort_by("line_no").str.join("\n"))
    )


def clean_text(text: str) -> str:
    """One page's text -> its kept lines joined by newlines (the same rules, for a single string)."""
    frame = pl.LazyFrame({"page_id": ["p"], "text": [text]})
    out = kept_text(classify_lines(split_lines(frame))).collect()
    return out["text"][0] if out.height else ""
