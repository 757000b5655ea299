"""Main-block selection: the best contiguous run of lines on a page is its content; the rest is chrome.

Runs after the line rules of :mod:`flows.clean`, on lines they kept. Steps, in order:

1. Score every kept line from its own text alone (:func:`line_score`): long lines that end like a
   sentence score high, short lines (menus, buttons, teaser titles, bylines) score below zero.
   Lines already removed by a rule score 0, so they neither pull a block together nor split it,
   except chrome that usually closes an article (``rules.BLOCK_BARRIER_RULES``: comment widgets,
   related headers, tag blocks, share lines, author boxes, copyright lines), which scores
   ``-BLOCK_BARRIER_SCORE`` unless a related-article block (publisher line over an age line, as
   the split stage finds them) follows further down: the split stage separates those teasers.
   Below a comments, sources or author header that follows an article's worth of prose (``rules.THREAD_OPENER_RULES``,
   ``rules.THREAD_MIN_PROSE_BEFORE``), every kept line scores at most ``-rules.THREAD_LINE_SCORE``:
   a comment thread or a source list reads like prose, but it is never the article.
   A line removed as ``site_repeat`` (menus and footers shared with the site's other pages) scores
   ``-rules.SITE_REPEAT_SCORE``, as the short line it usually is, so it still separates blocks.
   A line holding only a date (``rules.DATE_ONLY_LINE``: teaser and comment dates) loses
   ``rules.DATE_LINE_PENALTY`` more, except the age line of a related-article block; so does
   a date removed as ``repeated_line`` (the same date over every teaser of a list).
   A list under a sentence ending in a colon (``rules.LIST_INTRO``: the intro, or the kept line
   above it, reads as prose) scores at least 0 from its intro down to the next prose line or the
   next closing chrome (``rules.BLOCK_BARRIER_RULES``): short items no longer split the body.
   So does a data table: a run of ``rules.TABLE_MIN_ROWS`` or more short kept lines with several
   numbers each, one table row per line.
2. Per page, take the contiguous run of lines with the largest total score (maximum subarray, from
   running sums: best run ending at a line = its running sum minus the lowest running sum before
   it). Ties go to the run that ends last and starts first.
3. Keep the page's headline: when the run does not open with a headline-shaped line, the longest
   headline-shaped kept line among the ``TITLE_WINDOW_LINES`` lines above it is kept too (ties:
   the nearest), so that the split stage can take it as the title and out of the body.
   With the pages' URLs (``newsdesk main-text``), a run just below the page's title line can
   replace it (:func:`find_title_lines`, ``rules.ANCHOR_MIN_SHARE``).
4. Keep again a line removed as ``repeated_line`` that lies between the run's first and last kept
   line, unless it is a date, holds no letter or has a button's shape (``rules.BUTTON_LINE``):
   repeated inside the article, it is the article's own template ("Pros", "Key features:"). Only
   where the run stays the best one with it scored as a kept line: no prefix or suffix of the run
   holding it sums below 0 with every such label at the lower of its own score and 0.
5. Keep a bare wire credit ("(ANI)") when it is the first kept line after the run: the extract
   stage reads the agency from it.
6. Every other kept line outside the run is removed as ``outside_main_block``. A page whose best
   run scores 0 or less (nothing reads like prose) is left as it is.

Why this is idempotent: scores depend only on a line's text, every sub-run of the chosen run sums
to no more than the run itself (else a larger run would exist), and removed lines score 0 or
less, so dropping them raises the whole run's sum at least as much as any sub-run's: on the
cleaned page the whole remaining run is again the best one, and the kept headline (wire credit) is
again the one right above (below) it. The thread and list steps read the lines above a line too
(prose above a comments header, a prose line above a list intro); inside the kept run those lines
are kept, so the argument carries over for runs that contain their context, and
``tests/test_properties.py`` checks idempotency on generated pages. The title anchor needs the
page's URL, which :func:`flows.clean.clean_text` does not have. A repeated line kept again inside
the run scores 0 on the cleaned page when it is still there four times (removed again, then kept
again), else its own score; step 4 puts it back only where every prefix and suffix of the run
sums to 0 or more with it at the lower of the two, so the run stays the best one either way. A date
line escapes its penalty only as the age line right under a related block's publisher line; a run
that holds the age line holds the publisher line too (an age line scores below 0, so no run opens
with it), and the age line escapes it again on the cleaned page.
"""

from __future__ import annotations

import polars as pl

from flows import rules, split

PAGE = "page_id"


def line_score() -> pl.Expr:
    """Integer score of a stripped line (``text``), from its own characters only.

    ``min(chars, LINE_SCORE_CAP_CHARS) - PROSE_MIN_CHARS``, plus ``SENTENCE_END_BONUS`` when the
    line ends like a sentence, minus ``MENU_SHAPE_PENALTY`` when it is made of separated link
    labels ("Home | News | Sport"). A short line of ``SHORT_LINE_MIN_WORDS`` words or more that is
    not menu-shaped scores no lower than ``-SHORT_LINE_FLOOR``. A teaser snippet cut off with an
    ellipsis (``rules.TRUNCATED_END``) scores minus half its capped length.
    """
    text = pl.col("text").str.strip_chars()
    capped = text.str.len_chars().cast(pl.Int64).clip(0, rules.LINE_SCORE_CAP_CHARS)
    ends_sentence = text.str.contains(rules.SENTENCE_END)
    menu_like = text.str.contains(rules.MENU_SHAPE)
    prose = (
        capped
        - rules.PROSE_MIN_CHARS
        + pl.when(ends_sentence).then(rules.SENTENCE_END_BONUS).otherwise(0)
        - pl.when(menu_like).then(rules.MENU_SHAPE_PENALTY).otherwise(0)
    )
    n_words = text.str.slice(0, rules.PROSE_MIN_CHARS).str.count_matches(r"\S+")
    wordy = ~menu_like & (n_words >= rules.SHORT_LINE_MIN_WORDS)
    return (
        pl.when(text.str.contains(rules.TRUNCATED_END))
        .then(-(capped // 2))
        .when(wordy)
        .then(pl.max_horizontal(prose, pl.lit(-rules.SHORT_LINE_FLOOR)))
        .otherwise(prose)
    )


def _is_headline(text: pl.Expr) -> pl.Expr:
    n_words = text.str.count_matches(r"\S+")
    return (
        n_words.is_between(rules.HEADLINE_MIN_WORDS, rules.HEADLINE_MAX_WORDS)
        & (text.str.len_chars() <= rules.HEADLINE_MAX_CHARS)
        & ~text.str.contains(r"[.:;,]$")
    )


def url_title_words(pages: pl.LazyFrame) -> pl.LazyFrame:
    """Pages (page_id, url) -> page_id, ``_slug``: the words of the URL's slug, the path segment with
    the most hyphens or underscores ("why-beijing-will-bring-slaughter-to-hong-kong-1234"), lower-case
    letters only, of three letters or more, unique. Pages without a URL or a slug get no row."""
    path = pl.col("url").str.replace(r"[?#].*$", "").str.replace(r"^[a-zA-Z]+://[^/]*", "")
    return (
        pages.select(PAGE, path.str.split("/").alias("_segment"))
        .explode("_segment")
        .with_columns(pl.col("_segment").str.count_matches(r"[-_]").alias("_dashes"))
        .filter(pl.col("_dashes") >= rules.SLUG_MIN_WORDS - 1)
        .sort(PAGE, "_dashes", descending=[False, True], maintain_order=True)
        .group_by(PAGE, maintain_order=True)
        .agg(pl.col("_segment").first())
        .select(
            PAGE,
            pl.col("_segment").str.to_lowercase().str.extract_all(r"[a-z]{3,}").list.unique().alias("_slug"),
        )
        .filter(pl.col("_slug").list.len() >= rules.SLUG_MIN_WORDS)
    )


def find_title_lines(lines: pl.LazyFrame, pages: pl.LazyFrame) -> pl.LazyFrame:
    """Lines (page_id, line_no, text) and pages (page_id, url) -> page_id, ``_title_no``: the line
    sharing the largest share of its words with the URL's slug (Jaccard, at least TITLE_MATCH_MIN;
    ties: the first), among lines of at most HEADLINE_MAX_CHARS characters. Pages without one get no
    row."""
    text = pl.col("text").str.strip_chars()
    words = pl.col("_text").str.extract_all(r"[a-z]{3,}").list.unique()
    shared = words.list.set_intersection(pl.col("_slug")).list.len()
    match = shared / (words.list.len() + pl.col("_slug").list.len() - shared)
    # Word lists for every line cost more than the rest of the main block search: only lines that
    # contain the slug's longest word get one.
    key = pl.col("_slug").list.eval(pl.element().sort_by(pl.element().str.len_chars(), descending=True)).list.first()
    return (
        lines.filter(text.str.len_chars().is_between(1, rules.HEADLINE_MAX_CHARS))
        .select(PAGE, "line_no", text.str.to_lowercase().alias("_text"))
        .join(url_title_words(pages).with_columns(key.alias("_key")), on=PAGE, how="inner")
        .filter(pl.col("_text").str.contains(pl.col("_key"), literal=True))
        .with_columns(match.fill_nan(None).alias("_match"))
        .filter(pl.col("_match") >= rules.TITLE_MATCH_MIN)
        .sort(PAGE, "_match", "line_no", descending=[False, True, False])
        .group_by(PAGE, maintain_order=True)
        .agg(pl.col("line_no").first().alias("_title_no"))
    )


def select_main_block(classified: pl.LazyFrame, titles: pl.LazyFrame | None = None) -> pl.LazyFrame:
    """Classified lines (page_id, line_no, text, rule) -> the same, lines outside the main block
    now carrying ``outside_main_block`` (see the module docstring). ``titles`` (page_id, _title_no,
    from :func:`find_title_lines`) anchors the block below each page's title line."""
    kept = pl.col("rule").is_null()
    text = pl.col("text").str.strip_chars()
    line_no = pl.col("line_no")
    # Related-article blocks the split stage will find (publisher line over an age line): closing
    # chrome above one is no barrier, since the split stage separates those teasers anyway, and
    # their age lines are no dates to penalise. Only the age lines themselves: a date line elsewhere
    # above a related block went unpenalised in the search, then, once the block was left outside
    # the run, lost DATE_LINE_PENALTY on the cleaned page and split the run there.
    related_starts = (
        classified.filter(kept)
        .sort(PAGE, "line_no")
        .select(PAGE, "line_no", text.alias("text"), pl.col("line_no").shift(-1).over(PAGE).alias("_age_no"))
        .filter(split.starts_related_block(PAGE))
    )
    age_lines = related_starts.select(PAGE, pl.col("_age_no").alias("line_no"), pl.lit(True).alias("_age_line"))
    related_starts = related_starts.group_by(PAGE).agg(pl.col("line_no").max().alias("_last_related_start"))
    below_related = pl.col("_last_related_start").is_null() | (line_no > pl.col("_last_related_start"))
    not_age_line = pl.col("_age_line").is_null()
    barrier = pl.col("rule").is_in(list(rules.BLOCK_BARRIER_RULES)) & below_related
    # Each step reads the columns the one before it made: the line score is computed once.
    # A date on a line of its own, except an age line of a related block the split stage will find.
    date_only = not_age_line & text.str.contains(rules.DATE_ONLY_LINE)
    own = pl.when(kept).then(line_score() + pl.when(date_only).then(-rules.DATE_LINE_PENALTY).otherwise(0))
    # A comment thread: everything below a comments header that follows a page's worth of prose.
    prose = pl.col("_own").fill_null(0).clip(0, None)
    opens_thread = (
        pl.col("rule").is_in(list(rules.THREAD_OPENER_RULES)).fill_null(False)
        & below_related
        & (prose.cum_sum().over(PAGE) - prose >= rules.THREAD_MIN_PROSE_BEFORE)
    )
    in_thread = opens_thread.cast(pl.Int32).cum_max().over(PAGE) > 0
    # A list under a sentence ending in a colon: intro and items score at least 0.
    list_intro = (
        kept
        & text.str.contains(rules.LIST_INTRO)
        & (text.str.count_matches(r"\S+") >= rules.LIST_INTRO_MIN_WORDS)
        & ((pl.col("_own") >= 0) | (pl.col("_own").shift(1).forward_fill().over(PAGE) >= 0)).fill_null(False)
    )
    anchor = kept & ((pl.col("_own") >= 0) | pl.col("_list_intro"))
    # A list ends at the next prose line, or at closing chrome (a share line, a form field).
    ends_list = pl.col("rule").is_in(list(rules.BLOCK_BARRIER_RULES)).fill_null(False)
    in_list = (
        pl.when(anchor).then(pl.col("_list_intro")).when(ends_list).then(False)
        .forward_fill().over(PAGE).fill_null(False)
    )
    # A data table: a run of short kept lines with several numbers each (rules.TABLE_MIN_ROWS).
    short_kept = pl.when(kept & (text.str.len_chars() <= rules.TABLE_ROW_MAX_CHARS)).then(text)
    table_row = (short_kept.str.count_matches(rules.TABLE_ROW_NUMBER) >= rules.TABLE_ROW_MIN_NUMBERS).fill_null(False)
    # Rows counted along each run (the running count minus its value at the last non-row line); a
    # run's length is its last row's count, carried back over the run.
    row = pl.col("_table_row")
    rows_so_far = row.cast(pl.Int32).cum_sum().over(PAGE)
    in_run = rows_so_far - pl.when(~row).then(rows_so_far).forward_fill().over(PAGE).fill_null(0)
    run_ends = row & ~row.shift(-1).over(PAGE).fill_null(False)
    run_length = pl.when(run_ends).then(pl.col("_table_pos")).backward_fill().over(PAGE)
    in_table = row & (run_length >= rules.TABLE_MIN_ROWS)
    score = (
        pl.when(kept & in_thread)
        .then(pl.min_horizontal(pl.col("_own"), pl.lit(-rules.THREAD_LINE_SCORE)))
        .when(kept & (in_list | pl.col("_in_table")))
        .then(pl.max_horizontal(pl.col("_own"), pl.lit(0)))
        .when(kept)
        .then(pl.col("_own"))
        .when(barrier)
        .then(-rules.BLOCK_BARRIER_SCORE)
        .when((pl.col("rule") == rules.REPEATED_LINE) & date_only)
        .then(-rules.DATE_LINE_PENALTY)
        .when(pl.col("rule") == rules.SITE_REPEAT)
        .then(-rules.SITE_REPEAT_SCORE)
        .otherwise(0)
        .alias("_score")
    )
    running = pl.col("_score").cum_sum().over(PAGE)
    before = running - pl.col("_score")
    gain = pl.col("_running") - pl.col("_before").cum_min().over(PAGE)
    end_no = line_no.filter(pl.col("_gain") == pl.col("_best")).max().over(PAGE)
    low_at_end = pl.col("_low").filter(line_no == pl.col("_end")).first().over(PAGE)
    start_no = line_no.filter(pl.col("_before") == pl.col("_low_at_end")).min().over(PAGE)
    headline = kept & _is_headline(text)
    opens_with_headline = headline.filter(line_no == pl.col("_start")).first().over(PAGE).fill_null(False)
    title_window = line_no.is_between(pl.col("_start") - rules.TITLE_WINDOW_LINES, pl.col("_start") - 1)
    title_rank = pl.when(headline & title_window).then(
        text.str.count_matches(r"\S+").cast(pl.Int64) * 1_000_000 + line_no.cast(pl.Int64)
    )
    outside = kept & (pl.col("_best") > 0) & ~line_no.is_between(pl.col("_start"), pl.col("_end"))
    keep_title = ~pl.col("_opens_with_headline") & (
        pl.col("_title_rank") == pl.col("_title_rank").max().over(PAGE)
    )
    after_end = line_no.filter(kept & (line_no > pl.col("_end"))).min().over(PAGE)
    keep_credit = (line_no == after_end) & text.str.contains("^" + rules.WIRE_TRAILER)
    # A line repeated on the page but inside the block: the article's own template (rules.BUTTON_LINE).
    # Inside means between the run's first and last kept line: removed lines at its edges score 0
    # and may join it on a tie.
    in_block = line_no.is_between(pl.col("_start"), pl.col("_end"))
    first_kept = line_no.filter(kept & in_block).min().over(PAGE)
    last_kept = line_no.filter(kept & in_block).max().over(PAGE)
    # (the regexes see only the candidates; other rows reach them as null)
    candidate = pl.when(
        (pl.col("rule") == rules.REPEATED_LINE) & (pl.col("_best") > 0) & line_no.is_between(first_kept, last_kept)
    ).then(text)
    label = (
        candidate.str.contains(r"\p{L}")
        & ~candidate.str.contains(rules.DATE_ONLY_LINE)
        & ~candidate.str.contains(rules.BUTTON_LINE)
    ).fill_null(False)
    # Such a label goes back only where the run stays the best run of the cleaned page with it. The
    # search scored it 0, but on the cleaned page the removed lines are gone and the label scores as
    # a kept line (line_score) once fewer than four copies are left, else 0 again: the lower of the
    # two counts here. A run is its own best sub-run when no prefix and no suffix of it sums below 0
    # (ties go to the longer run), which holds for the chosen run with the labels at 0. So a label
    # scoring below 0 goes back when every prefix and every suffix of the run that holds it sums to
    # 0 or more with all the labels in (dropping the others only raises those sums); a label scoring
    # 0 or more always does. Put back whatever it scored, a label could split the run on the cleaned
    # page (cleaning twice dropped what the labels had held together). Sums are null outside the run.
    cleaned_score = (
        pl.when(pl.col("_label"))
        .then(pl.min_horizontal(line_score(), pl.lit(0)))
        .when(kept)
        .then(pl.col("_score"))
        .otherwise(0)
    )
    prefix = pl.when(in_block).then(pl.col("_cleaned")).cum_sum().over(PAGE)
    run_sum = pl.col("_prefix").filter(line_no == pl.col("_end")).first().over(PAGE)
    suffix = run_sum - pl.col("_prefix") + pl.col("_cleaned")
    prefixes_hold = pl.col("_prefix").cum_min(reverse=True).over(PAGE) >= 0
    suffixes_hold = pl.col("_suffix").cum_min().over(PAGE) >= 0
    keep_repeated = pl.col("_label") & ((pl.col("_cleaned") >= 0) | (prefixes_hold & suffixes_hold))
    return (
        classified.sort(PAGE, "line_no")
        .join(related_starts, on=PAGE, how="left", maintain_order="left")
        .join(age_lines, on=[PAGE, "line_no"], how="left", maintain_order="left")
        .with_columns(own.alias("_own"))
        .with_columns(list_intro.alias("_list_intro"), table_row.alias("_table_row"))
        .with_columns(in_run.alias("_table_pos"))
        .with_columns(in_table.alias("_in_table"))
        .with_columns(score)
        .with_columns(running.alias("_running"), before.alias("_before"))
        .with_columns(gain.alias("_gain"), pl.col("_before").cum_min().over(PAGE).alias("_low"))
        .with_columns(pl.col("_gain").max().over(PAGE).alias("_best"))
        .with_columns(end_no.alias("_end"))
        .with_columns(low_at_end.alias("_low_at_end"))
        .with_columns(start_no.alias("_start"))
        .pipe(_anchor_below_title, titles)
        .with_columns(opens_with_headline.alias("_opens_with_headline"), title_rank.alias("_title_rank"))
        .with_columns(label.alias("_label"))
        .with_columns(cleaned_score.alias("_cleaned"))
        .with_columns(prefix.alias("_prefix"))
        .with_columns(suffix.alias("_suffix"))
        .with_columns(
            pl.when(outside & ~keep_title.fill_null(False) & ~keep_credit.fill_null(False))
            .then(pl.lit(rules.OUTSIDE_MAIN_BLOCK))
            .when(keep_repeated)
            .then(pl.lit(None, dtype=pl.String))
            .otherwise(pl.col("rule"))
            .alias("rule")
        )
        .select(classified.collect_schema().names())
    )


def _anchor_below_title(frame: pl.LazyFrame, titles: pl.LazyFrame | None) -> pl.LazyFrame:
    """Moves ``_start``/``_end``/``_best`` to the best run just below the page's title line, where
    there is one and it scores at least ANCHOR_MIN_SHARE of the best run anywhere (FOOTER_ANCHOR_MIN_SHARE
    when that run is the site footer: it ends right above the copyright line, below the title's run)."""
    if titles is None:
        return frame
    line_no = pl.col("line_no")
    # The best run starting within ANCHOR_WINDOW_LINES lines below the title line.
    in_window = line_no.is_between(pl.col("_title_no") + 1, pl.col("_title_no") + rules.ANCHOR_WINDOW_LINES)
    window_low = pl.when(in_window).then(pl.col("_before")).forward_fill().over(PAGE).cum_min().over(PAGE)
    anchored_gain = pl.when(line_no > pl.col("_title_no")).then(pl.col("_running") - pl.col("_wlow"))
    a_end = line_no.filter(pl.col("_again") == pl.col("_abest")).max().over(PAGE)
    a_low = pl.col("_wlow").filter(line_no == pl.col("_aend")).first().over(PAGE)
    a_start = line_no.filter(in_window & (pl.col("_before") == pl.col("_alow"))).min().over(PAGE)
    # A best run right above the copyright line, below the title's run, is the site's footer.
    footer = (
        (pl.col("rule") == rules.FOOTER_RULE)
        & line_no.is_between(pl.col("_end") + 1, pl.col("_end") + rules.FOOTER_GAP_LINES)
    ).fill_null(False).any().over(PAGE) & (pl.col("_start") > pl.col("_aend"))
    share = pl.when(footer).then(rules.FOOTER_ANCHOR_MIN_SHARE).otherwise(rules.ANCHOR_MIN_SHARE)
    # Only when the best run does not hold the title line itself: then the slug names a heading
    # inside the article, and the run is right as it is.
    use_anchor = (
        (pl.col("_abest") > 0)
        & (pl.col("_abest") >= share * pl.col("_best"))
        & ~pl.col("_title_no").is_between(pl.col("_start"), pl.col("_end"))
    ).fill_null(False)
    return (
        frame.join(titles.select(PAGE, "_title_no"), on=PAGE, how="left", maintain_order="left")
        .with_columns(window_low.alias("_wlow"))
        .with_columns(anchored_gain.alias("_again"))
        .with_columns(pl.col("_again").max().over(PAGE).alias("_abest"))
        .with_columns(a_end.alias("_aend"))
        .with_columns(a_low.alias("_alow"))
        .with_columns(a_start.alias("_astart"))
        .with_columns(
            pl.when(use_anchor).then(pl.col("_astart")).otherwise(pl.col("_start")).alias("_start"),
            pl.when(use_anchor).then(pl.col("_aend")).otherwise(pl.col("_end")).alias("_end"),
            pl.when(use_anchor).then(pl.col("_abest")).otherwise(pl.col("_best")).alias("_best"),
        )
    )
