"""Duplicates and stories across runs, in a real DuckDB file: the LSH lookup, stable ids, merges, evidence."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import polars as pl

from flows import dedup, export, load, load_stories, stories
from tests.conftest import FETCHED_AT
from tests.stories_helpers import TextMaker, article_of, batch_of, page_text
from tests.test_warehouse import load_batch, run_row

LINK_TABLES = [
    "stories",
    "story_evidence",
    "story_merges",
    "article_bands",
    "paragraph_bands",
    "paragraph_overlaps",
    "article_features",
]


def _rows(db, query: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


def _snapshot(db) -> dict[str, list[tuple]]:
    with load.connect(db, read_only=True) as con:
        return {
            t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)
            for t in [*load.TABLES, *LINK_TABLES]
            if t != "runs"
        }


ORIGINAL = TextMaker(21).paragraphs(6)
OTHER = TextMaker(22).paragraphs(6)


def test_a_reprint_in_a_later_run_is_matched_through_the_index(tmp_path):
    db = tmp_path / "w.duckdb"
    first = batch_of({"a.txt": page_text("Original report", ORIGINAL)}, FETCHED_AT, "r1")
    assert set(load_batch(db, first, "r1").values()) == {0}
    later = FETCHED_AT + timedelta(hours=1)
    second = batch_of(
        {"b.txt": page_text("Copied report", ORIGINAL), "c.txt": page_text("Unrelated", OTHER)}, later, "r2"
    )
    assert set(load_batch(db, second, "r2").values()) == {0}
    a, b, c = (article_of(first, "a.txt"), article_of(second, "b.txt"), article_of(second, "c.txt"))
    rows = dict(
        (r[0], r[1:])
        for r in _rows(
            db, "select article_id, duplicate_of, origin_article_id, is_original, story_id from articles"
        )
    )
    assert rows[b] == (a, a, False, f"story-{a}")
    assert rows[c] == (None, c, True, f"story-{c}")
    assert _rows(db, "select n_articles, n_independent from stories where story_id = ?", [f"story-{a}"]) == [
        (2, 1)
    ]
    assert _rows(
        db, "select matched_article_id, evidence_kind from story_evidence where article_id = ?", [b]
    ) == [(a, "near_copy")]
    copied = _rows(
        db, "select count(*) from paragraphs where article_id = ? and duplicate_of like ?", [b, f"{a}%"]
    )
    assert copied == [(6,)]


def test_adding_pages_never_renames_a_story_and_merges_are_recorded(tmp_path):
    db = tmp_path / "w.duckdb"
    left, right = TextMaker(31).paragraphs(6), TextMaker(32).paragraphs(6)
    first = batch_of({"l.txt": page_text("Left", left), "r.txt": page_text("Right", right)}, FETCHED_AT, "r1")
    load_batch(db, first, "r1")
    l_id, r_id = article_of(first, "l.txt"), article_of(first, "r.txt")
    before = dict(_rows(db, "select article_id, story_id from articles"))
    assert before == {l_id: f"story-{l_id}", r_id: f"story-{r_id}"}
    # a later article retelling half of each joins both stories: the older id survives, the merge is recorded
    bridge = batch_of(
        {"m.txt": page_text("Both", left[:3] + right[:3])}, FETCHED_AT + timedelta(hours=1), "r2"
    )
    load_batch(db, bridge, "r2")
    m_id = article_of(bridge, "m.txt")
    keep, gone = sorted([f"story-{l_id}", f"story-{r_id}"])
    assert _rows(db, "select merged_story_id, into_story_id, article_id, run_id from story_merges") == [
        (gone, keep, m_id, "r2")
    ]
    assert {story for (story,) in _rows(db, "select story_id from articles")} == {keep}
    assert _rows(db, "select story_id, n_articles from stories") == [(keep, 3)]
    assert _rows(db, "select distinct story_id from story_evidence") == [(keep,)]


def test_reloading_the_same_pages_gives_the_same_ids_and_rows(tmp_path):
    db = tmp_path / "w.duckdb"
    batch = batch_of(
        {"a.txt": page_text("Original report", ORIGINAL), "b.txt": page_text("Copy", ORIGINAL)}, FETCHED_AT
    )
    load_batch(db, batch, "r1")
    first = _snapshot(db)
    load_batch(db, batch, "r1")
    assert _snapshot(db) == first
    assert len(first["stories"]) == 1


def test_link_tables_are_exported(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": page_text("Original report", ORIGINAL)}, FETCHED_AT))
    with load.connect(db, read_only=True) as con:
        written = export.export_tables(con, tmp_path / "e")
    stories = pl.read_parquet(written["stories"])
    assert stories.select("story_id", "n_articles", "n_publishers", "n_independent").rows() == [
        (f"story-{stories['story_id'][0][6:]}", 1, 0, 1)
    ]
    assert set(written) >= {"stories", "story_evidence", "story_merges", "paragraph_overlaps"}


def test_a_linked_row_failing_its_model_is_quarantined_with_its_paragraphs(tmp_path, monkeypatch):
    real = stories.link_batch

    def broken(*args, **kwargs):
        linked = real(*args, **kwargs)
        first = linked.articles["article_id"].min()
        linked.articles = linked.articles.with_columns(
            pl.when(pl.col("article_id") == first)
            .then(pl.lit("not-a-story"))
            .otherwise("story_id")
            .alias("story_id")
        )
        return linked

    monkeypatch.setattr(stories, "link_batch", broken)
    db = tmp_path / "w.duckdb"
    batch = batch_of({"a.txt": page_text("One", ORIGINAL), "c.txt": page_text("Two", OTHER)}, FETCHED_AT)
    checks = load_batch(db, batch, "r1")
    bad = min(article_of(batch, "a.txt"), article_of(batch, "c.txt"))
    bad_page = "a.txt" if bad == article_of(batch, "a.txt") else "c.txt"
    assert sorted(_rows(db, "select table_name, row_key, check_name from quarantine")) == [
        ("articles", bad, "story_id:str_matches('^story-[0-9a-f]{16}-\\d{3,}$')"),
        ("pages", bad_page, "no_articles"),
    ]
    assert _rows(db, "select status, reason from pages where source_path = ?", [bad_page]) == [
        ("quarantined", "no_articles")
    ]
    assert _rows(db, "select count(*) from paragraphs where article_id = ?", [bad]) == [(0,)]
    assert _rows(db, "select count(*) from articles") == [(1,)]
    assert set(checks.values()) == {0}


def _term_counts(db) -> dict[int, int]:
    return dict(_rows(db, "select feature, n_articles from term_counts"))


def test_term_counts_follow_loads_and_reloads(tmp_path):
    db = tmp_path / "w.duckdb"
    first = batch_of({"a.txt": page_text("Original report", ORIGINAL), "c.txt": page_text("Other", OTHER)}, FETCHED_AT)
    load_batch(db, first, "r1")
    expected = dedup.term_counts(stories.story_terms(first.articles).select("item_id", "feature"))
    assert _term_counts(db) == dict(expected.rows())
    load_batch(db, first, "r1")
    assert _term_counts(db) == dict(expected.rows())
    # c.txt changes: its old terms are subtracted, terms no article has any more are gone
    changed = batch_of({"c.txt": page_text("Other", TextMaker(23).paragraphs(6))}, FETCHED_AT, "r2")
    load_batch(db, changed, "r2")
    with load.connect(db, read_only=True) as con:
        now = con.execute("select title, body from articles").pl().with_columns(
            pl.format("x{}", pl.int_range(pl.len())).alias("article_id")
        )
    expected = dedup.term_counts(stories.story_terms(now).select("item_id", "feature"))
    assert _term_counts(db) == dict(expected.rows())


def test_the_lookup_keeps_a_bounded_number_of_warehouse_rows_per_new_article(tmp_path, monkeypatch):
    monkeypatch.setattr(stories, "MAX_ARTICLE_CANDIDATES", 3)
    monkeypatch.setattr(stories, "MAX_PARAGRAPH_CANDIDATES", 2)
    monkeypatch.setattr(stories, "MAX_PER_STORY", 2)
    db = tmp_path / "w.duckdb"
    copies = batch_of({f"copy{i}.txt": page_text("Original report", ORIGINAL) for i in range(8)}, FETCHED_AT)
    load_batch(db, copies, "r1")
    root = min(copies.articles["article_id"])
    later = batch_of({"late.txt": page_text("Late copy", ORIGINAL)}, FETCHED_AT + timedelta(hours=1), "r2")
    with load.connect(db) as con:
        matched = load_stories.match_batch(con, later.articles, later.paragraphs)
    # the 8 copies are one story: it gives at most MAX_PER_STORY rows, under the cap of 3 (ties on
    # shared bands go to the root, then the lowest ids); paragraphs: 2 per new one
    assert matched.known_articles.height == 2
    assert root in matched.known_articles["article_id"].to_list()
    assert matched.known_paragraphs.height == 2 * 6
    load_batch(db, later, "r2")
    late = article_of(later, "late.txt")
    assert _rows(db, "select duplicate_of, story_id from articles where article_id = ?", [late]) == [
        (root, f"story-{root}")
    ]


def test_stored_features_are_what_linking_would_derive_from_the_text(tmp_path):
    db = tmp_path / "w.duckdb"
    first = batch_of({"a.txt": page_text("Original report", ORIGINAL), "c.txt": page_text("Other", OTHER)}, FETCHED_AT)
    load_batch(db, first, "r1")
    with load.connect(db, read_only=True) as con:
        texts = con.execute("select article_id, title, body from articles").pl()
        stored = con.execute("select * from article_features").pl()
    assert sorted(stored["article_id"]) == sorted(first.articles["article_id"])
    # the lists the link stage compares: from the text (no stored features), and from the stored
    # rows alone (the body nulled, so nothing can be derived from it)
    no_features = texts.with_columns(pl.lit(None, dtype=pl.List(pl.UInt32)).alias(c) for c in ("shingles", "terms"))
    derived_lists = stories.known_feature_lists(no_features).sort("article_id")
    read_lists = stories.known_feature_lists(
        texts.with_columns(pl.lit(None, dtype=pl.String).alias("body")).join(stored, on="article_id")
    ).sort("article_id")
    assert derived_lists.select("article_id").equals(read_lists.select("article_id"))
    for name in ("shingles", "terms"):
        assert derived_lists[name].list.len().min() > 0
        assert derived_lists[name].list.sort().equals(read_lists[name].list.sort())


def test_warehouse_articles_without_stored_features_link_as_with_them(tmp_path):
    # a warehouse loaded before article_features existed: its articles are shingled from their text
    first = batch_of({"a.txt": page_text("Original report", ORIGINAL), "c.txt": page_text("Other", OTHER)}, FETCHED_AT)
    later = batch_of(
        {"late.txt": page_text("Late copy", ORIGINAL[:4]), "d.txt": page_text("Other again", OTHER)},
        FETCHED_AT + timedelta(hours=1),
        "r2",
    )
    linked = {}
    for drop in (False, True):
        db = tmp_path / f"w{drop}.duckdb"
        load_batch(db, first, "r1")
        if drop:
            with load.connect(db) as con:
                con.execute("delete from article_features")
        load_batch(db, later, "r2")
        linked[drop] = (
            _rows(db, "select article_id, duplicate_of, origin_article_id, story_id from articles order by 1"),
            _rows(db, "select * exclude (evidence) from story_evidence order by 1"),
            _rows(db, "select * from paragraph_overlaps order by 1, 2"),
        )
    assert linked[False] == linked[True]
    late = article_of(later, "late.txt")
    assert _rows(db, "select duplicate_of from articles where article_id = ?", [late]) == [
        (article_of(first, "a.txt"),)
    ]


def test_later_exact_copies_in_a_story_are_linked_but_not_banded(tmp_path):
    # One reprint per run: the first MAX_PER_STORY copies of the text in its story keep band rows;
    # later ones (matched through those rows in the warehouse) are linked the same but not banded.
    db = tmp_path / "w.duckdb"
    ids = []
    for n in range(4):
        page = {f"copy{n}.txt": page_text("Harbour report", ORIGINAL)}
        batch = batch_of(page, FETCHED_AT + timedelta(hours=n), f"r{n}")
        assert set(load_batch(db, batch, f"r{n}").values()) == {0}
        ids.append(article_of(batch, f"copy{n}.txt"))
    banded = _rows(db, "select distinct regexp_replace(paragraph_id, '-\\d+$', '') from paragraph_bands")
    assert sorted(r[0] for r in banded) == sorted(ids[: stories.MAX_PER_STORY])
    rows = _rows(db, "select article_id, duplicate_of, story_id from articles order by article_id")
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        a: (None if a == ids[0] else ids[0], f"story-{ids[0]}") for a in ids
    }
    assert _rows(db, "select count(*) from paragraphs where duplicate_of is not null") == [(6 * 3,)]


def test_a_band_key_keeps_its_first_rows_across_runs(tmp_path, monkeypatch):
    # Near-copies of one article (one word of each paragraph edited, a different word each time),
    # five in one run and two in the next: keys they all share stop at MAX_ROWS_PER_BAND_KEY rows,
    # and the later copies still find the original through the rows those keys kept.
    monkeypatch.setattr(stories, "MAX_ROWS_PER_BAND_KEY", 3)
    db = tmp_path / "w.duckdb"

    def edited(n: int) -> list[str]:
        return [" ".join(f"edited{n}" if i == 3 + n else w for i, w in enumerate(p.split())) for p in ORIGINAL]

    first = batch_of(
        {"original.txt": page_text("Harbour report", ORIGINAL)}
        | {f"copy{n}.txt": page_text("Harbour report", edited(n)) for n in range(4)},
        FETCHED_AT,
        "r1",
    )
    later = batch_of(
        {f"late{n}.txt": page_text("Harbour report", edited(n)) for n in range(4, 6)},
        FETCHED_AT + timedelta(hours=1),
        "r2",
    )
    assert set(load_batch(db, first, "r1").values()) == {0}
    assert set(load_batch(db, later, "r2").values()) == {0}
    for table in ("article_bands", "paragraph_bands"):
        (most,) = _rows(db, f"select max(n) from (select count(*) as n from {table} group by band, bucket)")[0]
        assert most == 3, table
    root = min(first.articles["article_id"])  # earliest seen: the first run's lowest id
    rows = _rows(db, "select article_id, duplicate_of, story_id from articles")
    assert len(rows) == 7
    assert {(dup, story) for article, dup, story in rows if article != root} == {(root, f"story-{root}")}
    # the later run stored rows only for keys the first run left room in
    late = [article_of(later, f"late{n}.txt") for n in range(4, 6)]
    stored = _rows(
        db,
        "select count(*) from paragraph_bands where regexp_replace(paragraph_id, '-\\d+$', '') in (?, ?)",
        late,
    )[0][0]
    assert 0 < stored < stories.index_batch(later.articles, later.paragraphs).paragraph_bands.height


def test_a_story_merged_earlier_in_a_load_is_found_as_the_story_it_went_into(tmp_path):
    # One load of three batches. Batch 1 holds three unrelated articles (three stories); batch 2 a
    # bridge between the first two, which merges the later-ranked one's story into the other's; batch
    # 3 a bridge from that merged article to the third. The merged article's stored story id is still
    # the merged one when batch 3 looks it up (articles move once, after the last batch): read through
    # the load's aliases it is the surviving story, so batch 3 merges that and the third story, and
    # the load ends with one story and no merge of an already merged story.
    db = tmp_path / "w.duckdb"
    texts = {"x.txt": TextMaker(41).paragraphs(6), "y.txt": TextMaker(42).paragraphs(6)}
    third = TextMaker(43).paragraphs(6)
    first = batch_of(
        {name: page_text(name, paragraphs) for name, paragraphs in texts.items()} | {"t.txt": page_text("T", third)},
        FETCHED_AT,
        "r1",
    )
    kept_name, gone_name = sorted(texts, key=lambda name: article_of(first, name))
    second = batch_of({"m.txt": page_text("Bridge", texts["x.txt"][:3] + texts["y.txt"][:3])}, FETCHED_AT, "r1")
    last = batch_of({"n.txt": page_text("Onward", texts[gone_name][3:] + third[3:])}, FETCHED_AT, "r1")
    with load.connect(db) as con:
        load.install_fts(con)
        load.apply_ddl(con)
        names = pl.DataFrame({"source_path": ["m.txt", "n.txt", "t.txt", "x.txt", "y.txt"]})
        load.load_batches(con, names, [b.tables() for b in (first, second, last)], run_row("r1", first))
        assert set(load.run_checks(con).values()) == {0}
    gone = f"story-{article_of(first, gone_name)}"
    merges = _rows(db, "select merged_story_id, into_story_id, article_id from story_merges")
    by_bridge = {article: (merged, into) for merged, into, article in merges}
    assert by_bridge[article_of(second, "m.txt")] == (gone, f"story-{article_of(first, kept_name)}")
    later = by_bridge[article_of(last, "n.txt")]
    assert gone not in later
    (final,) = {story for (story,) in _rows(db, "select distinct story_id from articles")}
    assert final == later[1]
    assert _rows(db, "select story_id, n_articles from stories") == [(final, 5)]
    assert _rows(db, "select distinct story_id from story_evidence") == [(final,)]


def test_one_batch_merging_stories_in_a_chain_moves_every_article_once(tmp_path):
    # Stories S (pages s1, s2), T (t1, t2) and U (u1), each page loaded in its own run, one hour
    # apart in the order s1, t1, u1, then s2 and t2. The last run's n1 bridges s2 and t1, where T is
    # the earlier story; n2 bridges t2 and u1, where U is the earlier. Merging each component into its
    # earliest story would merge S into T and T into U in one batch, a chain that left S's articles
    # in T, a story recorded as merged. The three stories are one, kept by T (its t1 is the
    # earliest-seen article the batch met), and nothing stays in a merged story.
    db = tmp_path / "w.duckdb"
    x, y, z, v, w = (TextMaker(seed).paragraphs(6) for seed in (51, 52, 53, 54, 55))
    runs = [
        {"s1.txt": page_text("S one", x)},
        {"t1.txt": page_text("T one", z)},
        {"u1.txt": page_text("U one", w)},
        {"s2.txt": page_text("S two", x[:3] + y[:3]), "t2.txt": page_text("T two", z[:3] + v[:3])},
        {"n1.txt": page_text("S and T", y[:3] + z[3:]), "n2.txt": page_text("T and U", v[:3] + w[3:])},
    ]
    for hour, texts in enumerate(runs):
        batch = batch_of(texts, FETCHED_AT + timedelta(hours=hour), f"r{hour}")
        assert set(load_batch(db, batch, f"r{hour}").values()) == {0}
    t_story = f"story-{article_of(None, 't1.txt')}"
    assert _rows(db, "select story_id, n_articles from stories") == [(t_story, 7)]
    merges = _rows(db, "select merged_story_id, into_story_id from story_merges where run_id = 'r4'")
    assert sorted(merges) == sorted(
        (f"story-{article_of(None, name)}", t_story) for name in ("s1.txt", "u1.txt")
    )


def test_a_load_moves_rows_an_older_load_left_under_a_merged_story(tmp_path):
    # A warehouse made by the code before merges were chained: story R recorded as merged into L,
    # its article still under R. The next load, of an unrelated page, moves it and recounts both.
    db = tmp_path / "w.duckdb"
    left, right, other = (TextMaker(seed).paragraphs(6) for seed in (61, 62, 63))
    first = batch_of({"l.txt": page_text("Left", left), "r.txt": page_text("Right", right)}, FETCHED_AT, "r1")
    load_batch(db, first, "r1")
    l_story, r_story = (f"story-{article_of(first, name)}" for name in ("l.txt", "r.txt"))
    with duckdb.connect(str(db)) as con:
        con.execute("insert into story_merges values (?, ?, null, 'old')", [r_story, l_story])
    checks = load_batch(db, batch_of({"o.txt": page_text("Other", other)}, FETCHED_AT + timedelta(hours=1), "r2"), "r2")
    assert set(checks.values()) == {0}
    stories_now = dict(_rows(db, "select story_id, n_articles from stories"))
    assert stories_now[l_story] == 2
    assert r_story not in stories_now
    assert _rows(db, "select story_id from articles where article_id = ?", [article_of(first, "r.txt")]) == [
        (l_story,)
    ]


def test_a_load_resolves_a_cycle_of_merges_an_older_load_left(tmp_path):
    # The older code could record S -> T and T -> S in one batch and swap their articles. The next
    # load puts both into the lower id and drops that story's own merge record.
    db = tmp_path / "w.duckdb"
    left, right, other = (TextMaker(seed).paragraphs(6) for seed in (64, 65, 66))
    first = batch_of({"l.txt": page_text("Left", left), "r.txt": page_text("Right", right)}, FETCHED_AT, "r1")
    load_batch(db, first, "r1")
    low, high = sorted(f"story-{article_of(first, name)}" for name in ("l.txt", "r.txt"))
    with duckdb.connect(str(db)) as con:
        con.execute("insert into story_merges values (?, ?, null, 'old'), (?, ?, null, 'old')", [low, high, high, low])
    later = batch_of({"o.txt": page_text("Other", other)}, FETCHED_AT + timedelta(hours=1), "r2")
    assert set(load_batch(db, later, "r2").values()) == {0}
    assert _rows(db, "select merged_story_id, into_story_id from story_merges") == [(high, low)]
    assert dict(_rows(db, "select story_id, n_articles from stories"))[low] == 2
    assert {s for (s,) in _rows(db, "select story_id from articles where story_id in (?, ?)", [low, high])} == {low}


def test_candidates_read_through_in_filters_link_as_plain_joins_do(tmp_path, monkeypatch):
    # The link stage's reads of candidate rows reach the table scans as IN filters when they have at
    # most load.DYNAMIC_FILTER_KEYS ids; with the limit at 0 DuckDB joins instead. The physical plan
    # must not change the links.
    first = batch_of({"a.txt": page_text("Original report", ORIGINAL), "c.txt": page_text("Other", OTHER)}, FETCHED_AT)
    later = batch_of(
        {"late.txt": page_text("Late copy", ORIGINAL[:4]), "d.txt": page_text("Other again", OTHER[1:])},
        FETCHED_AT + timedelta(hours=1),
        "r2",
    )
    linked = {}
    for keys in (load.DYNAMIC_FILTER_KEYS, 0):
        monkeypatch.setitem(load.DUCKDB_CONFIG, "dynamic_or_filter_threshold", keys)
        db = tmp_path / f"w{keys}.duckdb"
        load_batch(db, first, "r1")
        load_batch(db, later, "r2")
        with load.connect(db) as con:
            assert con.execute("select current_setting('dynamic_or_filter_threshold')").fetchone() == (keys,)
        linked[keys] = (
            _rows(db, "select article_id, duplicate_of, origin_article_id, story_id from articles order by 1"),
            _rows(db, "select * exclude (evidence) from story_evidence order by 1"),
            _rows(db, "select * from paragraph_overlaps order by 1, 2"),
        )
    assert linked[load.DYNAMIC_FILTER_KEYS] == linked[0]
    assert linked[0][2], "the later batch shares paragraphs with the first"
