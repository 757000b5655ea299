"""Near-duplicates, syndication and stories: seeds and synthetic copies."""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows import dedup, stories
from flows.read import list_input_files, read_pages
from flows.transform import transform_pages
from tests.conftest import FETCHED_AT, SEEDS
from tests.stories_helpers import (
    EMPTY_ARTICLE_PAIRS,
    EMPTY_KNOWN_ARTICLES,
    EMPTY_KNOWN_PARAGRAPHS,
    EMPTY_PARAGRAPH_PAIRS,
    TextMaker,
    article_of,
    batch_of,
    link_alone,
    page_text,
)

MAIN = "96a303936ad594d1-000"
WIRE = "fce4b349e40d5ffa-000"
TEASER_ADMITS, TEASER_LAVROV, TEASER_STAKES = (
    "96a303936ad594d1-001",
    "96a303936ad594d1-002",
    "96a303936ad594d1-003",
)


@pytest.fixture(scope="module")
def seeds() -> stories.Linked:
    pages = read_pages(SEEDS, list_input_files(SEEDS), fetched_at=FETCHED_AT, max_bytes=10_000_000)
    batch = transform_pages(pages, run_id="seeds", ingested_at=FETCHED_AT)
    return link_alone(batch)


def _row(frame: pl.DataFrame, article_id: str) -> dict:
    return frame.filter(pl.col("article_id") == article_id).row(0, named=True)


# --- hashing ----------------------------------------------------------------------------------------


def test_word_hashes_are_pinned():
    # Stored band keys depend on these: a change here invalidates every warehouse's LSH index.
    hashes = dedup._word_hashes(pl.Series(["putin", "alaska"])).sort("word")
    assert hashes.rows() == [("alaska", 236266288), ("putin", 2867642702)]
    assert dedup._permutations()[0] == (3517805436, 3976099720)


def test_word_hashes_kept_between_calls_are_the_stable_hashes(monkeypatch):
    """Words hashed by an earlier call are found in the process's cache; every hash, cached or new,
    is the word's blake2b value, and the cache starts again from the call's words past its bound."""
    monkeypatch.setattr(dedup, "_word_cache", dedup._word_cache.clear())
    monkeypatch.setattr(dedup, "WORD_CACHE_ROWS", 5)
    first = dedup._word_hashes(pl.Series(["alpha", "beta", "gamma", "alpha", None]))
    assert sorted(first["word"]) == ["alpha", "beta", "gamma"]
    assert dedup._word_cache.height == 3
    second = dedup._word_hashes(pl.Series(["beta", "delta", "epsilon", "zeta"]))
    for frame in (first, second):
        assert all(h == dedup._stable_hash(w) for w, h in frame.iter_rows())
    assert sorted(second["word"]) == ["beta", "delta", "epsilon", "zeta"]
    # 3 + 3 new words pass the bound of 5: the cache keeps this call's words only
    assert sorted(dedup._word_cache["word"]) == ["beta", "delta", "epsilon", "zeta"]


def test_shingles_do_not_cross_paragraphs_and_short_texts_are_one_shingle():
    items = pl.LazyFrame({"item_id": ["a", "b"], "text": ["one two three four five six", "too short"]})
    features = dedup.shingle_features(items)
    assert features.group_by("item_id").len().sort("item_id").rows() == [("a", 2), ("b", 1)]


def test_repeated_texts_are_shingled_once_and_each_item_keeps_its_shingles():
    texts = ["one two three four five six", "too short", "one two three four five six", None, ""]
    items = pl.LazyFrame({"item_id": ["a", "b", "c", "d", "e"], "text": texts})
    features = dedup.shingle_features(items).sort("item_id", "feature")  # rows come in no set order
    schema = {"item_id": pl.String, "text": pl.String}
    alone = pl.concat(
        [
            dedup.shingle_features(pl.LazyFrame({"item_id": [i], "text": [t]}, schema=schema))
            for i, t in zip("abcde", texts, strict=True)
        ]
    )
    assert features.equals(alone.sort("item_id", "feature"))
    assert features.height == features.unique().height  # distinct rows
    assert features.filter(pl.col("item_id") == "a")["feature"].equals(
        features.filter(pl.col("item_id") == "c")["feature"]
    )
    assert set(features["item_id"]) == {"a", "b", "c"}


def test_identical_sets_share_every_band_and_disjoint_sets_none():
    features = pl.DataFrame(
        {
            "item_id": ["a"] * 50 + ["b"] * 50 + ["c"] * 50,
            "feature": list(range(50)) * 2 + list(range(100, 150)),
        },
        schema={"item_id": pl.String, "feature": pl.UInt64},
    )
    bands = dedup.minhash_bands(features, rows=dedup.PARAGRAPH_ROWS)
    assert bands.height == 3 * dedup.NUM_PERM // dedup.PARAGRAPH_ROWS
    pairs = dedup.candidate_pairs(bands, dedup.band_pairs(bands, bands.clear()))
    assert pairs.rows() == [("b", "a")]


# --- common terms and chance candidates ---------------------------------------------------------------

NO_COUNTS = pl.DataFrame(schema={"feature": pl.UInt64, "n_articles": pl.Int64})


def _terms(rows: dict[str, list[int]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(item, feature) for item, features in rows.items() for feature in features],
        schema={"item_id": pl.String, "feature": pl.UInt64},
        orient="row",
    )


def test_terms_common_in_the_warehouse_are_not_banded():
    terms = _terms({"a": [1, 2, 3], "b": [1, 4]})
    # 1000 warehouse articles: term 1 is in 900, term 2 in 50 (5%, the limit), term 3 in 51
    counts = pl.DataFrame({"feature": [1, 2, 3], "n_articles": [900, 50, 51]}, schema=NO_COUNTS.schema)
    kept = dedup.drop_common_terms(terms, counts, 1000)
    # 1002 articles in all: 5% is 50.1, so 2 (50 + 1 in the batch = 51) and 3 (52) are common too
    assert kept.rows() == [("b", 4)]
    assert dedup.drop_common_terms(terms, counts.filter(pl.col("feature") == 1), 1000).rows() == [
        ("a", 2),
        ("a", 3),
        ("b", 4),
    ]


def test_below_the_minimum_warehouse_size_every_term_is_banded():
    terms = _terms({"a": [1, 2], "b": [1, 3]})
    counts = pl.DataFrame({"feature": [1], "n_articles": [400]}, schema=NO_COUNTS.schema)
    assert dedup.drop_common_terms(terms, counts, dedup.MIN_ARTICLES_FOR_SHARE - 3).equals(terms)


def _chatty_articles(n: int, seed: int) -> dict[str, list[int]]:
    """Articles of 30 words drawn from 60 shared everyday words plus 40 words of their own."""
    rng = random.Random(seed)
    return {
        f"{seed}-{i:04d}": rng.sample(range(60), 30) + [1_000_000 * seed + 100 * i + k for k in range(40)]
        for i in range(n)
    }


def test_chance_candidates_vanish_once_common_terms_are_dropped():
    # Unrelated articles sharing everyday words have term Jaccard ~0.12: over all terms they collide
    # in the bands, and the collisions grow with the warehouse. Without those words they share nothing.
    warehouse = _terms(_chatty_articles(600, 1))
    related = dict(_chatty_articles(20, 2))
    related["2-related"] = [f for f in warehouse.filter(pl.col("item_id") == "1-0007")["feature"]]
    new = _terms(related)

    def chance_and_found(drop: bool) -> tuple[int, bool]:
        known_bands = dedup.minhash_bands(
            dedup.drop_common_terms(warehouse, NO_COUNTS, 0) if drop else warehouse, rows=dedup.TERM_ROWS
        )
        counts = dedup.term_counts(warehouse)
        banded = dedup.drop_common_terms(new, counts, 600) if drop else new
        new_bands = dedup.minhash_bands(banded, rows=dedup.TERM_ROWS)
        pairs = dedup.candidate_pairs(new_bands, dedup.band_pairs(new_bands, known_bands))
        chance = pairs.filter(pl.col("item_id") != "2-related").height
        found = pairs.filter((pl.col("item_id") == "2-related") & (pl.col("other_id") == "1-0007")).height == 1
        return chance, found

    assert chance_and_found(drop=False)[0] > 20
    assert chance_and_found(drop=True) == (0, True)


# --- seeds --------------------------------------------------------------------------------------------


def test_times_of_oman_teasers_are_flagged_with_their_shared_paragraphs_linked(seeds):
    overlaps = seeds.paragraph_overlaps.filter(pl.col("paragraph_id").str.starts_with(TEASER_STAKES))
    assert overlaps.select(
        "paragraph_id", "overlaps_paragraph_id", "n_shared_shingles", "is_near_copy"
    ).rows() == [(f"{TEASER_STAKES}-001", f"{TEASER_LAVROV}-001", 219, False)]
    # about half of each teaser is the other's text: linked, but neither is a copy
    assert overlaps["containment"].item() == pytest.approx(0.4932)
    assert seeds.paragraphs["duplicate_of"].null_count() == seeds.paragraphs.height


def test_wire_story_and_aggregator_main_story_are_one_story(seeds):
    articles = seeds.articles
    assert _row(articles, WIRE)["story_id"] == _row(articles, MAIN)["story_id"] == f"story-{MAIN}"
    evidence = _row(seeds.story_evidence, WIRE)
    assert (evidence["matched_article_id"], evidence["evidence_kind"]) == (MAIN, "shared_terms")
    assert "mikhailovskaya" in evidence["evidence"]
    assert _row(seeds.story_evidence, MAIN)["evidence_kind"] == "founded_story"


def test_alaska_teasers_are_not_in_the_india_russia_story(seeds):
    story = f"story-{MAIN}"
    for teaser in [TEASER_ADMITS, TEASER_LAVROV, TEASER_STAKES]:
        assert _row(seeds.articles, teaser)["story_id"] != story
    # the two teasers sharing text are one (pre-summit) story
    assert _row(seeds.articles, TEASER_STAKES)["story_id"] == _row(seeds.articles, TEASER_LAVROV)["story_id"]


def test_seed_rewrites_are_not_reprints(seeds):
    assert seeds.articles["duplicate_of"].null_count() == seeds.articles.height
    assert seeds.articles["is_original"].all()


# --- synthetic copies -----------------------------------------------------------------------------


def synthetic_texts() -> dict[str, str]:
    """An original, four kinds of copy, an article on the same topic, and an unrelated one."""
    topic = ["alaska", "summit", "putin", "trump", "ukraine", "ceasefire"]
    original = TextMaker(7).paragraphs(8, topic=topic)
    return {
        "a_original.txt": page_text("Leaders meet in Alaska for talks", original),
        "b_exact_copy.txt": page_text("Leaders meet in Alaska for talks", original),
        "c_new_headline.txt": page_text("A different headline for the same text", original),
        "d_reordered.txt": page_text("Leaders meet in Alaska", original[4:] + original[:4]),
        "e_trimmed.txt": page_text("Leaders meet in Alaska (short)", original[:4]),
        "f_same_topic.txt": page_text(
            "Another Alaska summit report", TextMaker(8).paragraphs(8, topic=topic)
        ),
        "g_unrelated.txt": page_text("Harvest festival opens", TextMaker(9).paragraphs(8)),
    }


@pytest.fixture(scope="module")
def synthetic():
    batch = batch_of(synthetic_texts(), FETCHED_AT)
    return batch, link_alone(batch)


@pytest.mark.parametrize(
    "copy", ["b_exact_copy.txt", "c_new_headline.txt", "d_reordered.txt", "e_trimmed.txt"]
)
def test_a_copy_is_a_reprint_of_the_original_in_its_story(synthetic, copy):
    batch, linked = synthetic
    original = article_of(batch, "a_original.txt")
    row = _row(linked.articles, article_of(batch, copy))
    first = min(original, article_of(batch, copy))
    assert row["story_id"] == _row(linked.articles, original)["story_id"]
    assert _row(linked.story_evidence, row["article_id"])["evidence_kind"] in {"near_copy", "founded_story"}
    if row["article_id"] != first:
        assert row["duplicate_of"] is not None and not row["is_original"]


def test_copies_form_one_story_with_one_original(synthetic):
    batch, linked = synthetic
    copies = [
        article_of(batch, f)
        for f in [
            "a_original.txt",
            "b_exact_copy.txt",
            "c_new_headline.txt",
            "d_reordered.txt",
            "e_trimmed.txt",
        ]
    ]
    group = linked.articles.filter(pl.col("article_id").is_in(copies))
    assert group["story_id"].n_unique() == 1
    assert group["is_original"].sum() == 1
    root = min(copies)  # earliest-seen in one run: the smallest article_id
    assert group.filter(pl.col("article_id") != root)["duplicate_of"].unique().to_list() == [root]
    assert group["origin_article_id"].unique().to_list() == [root]


def test_paragraphs_of_an_exact_copy_point_at_the_first_seen_paragraphs(synthetic):
    batch, linked = synthetic
    a, b = article_of(batch, "a_original.txt"), article_of(batch, "b_exact_copy.txt")
    first, second = sorted([a, b])
    copied = linked.paragraphs.filter(pl.col("article_id") == second)
    texts = linked.paragraphs.select(
        pl.col("paragraph_id").alias("duplicate_of"), pl.col("text").alias("original")
    )
    pointed = copied.join(texts, on="duplicate_of", how="left")
    # every paragraph points at the earliest-seen paragraph with the same text (in one of the copies)
    assert pointed["duplicate_of"].null_count() == 0
    assert (pointed["text"] == pointed["original"]).all()
    assert (pointed["duplicate_of"] < pointed["paragraph_id"]).all()


@pytest.mark.parametrize("name", ["f_same_topic.txt", "g_unrelated.txt"])
def test_unrelated_articles_on_the_same_topic_are_neither_copies_nor_one_story(synthetic, name):
    batch, linked = synthetic
    row = _row(linked.articles, article_of(batch, name))
    assert row["duplicate_of"] is None and row["is_original"]
    assert row["story_id"] == f"story-{row['article_id']}"
    assert _row(linked.story_evidence, row["article_id"])["evidence_kind"] == "founded_story"


def test_a_wire_rewrite_is_linked_to_the_first_article_of_its_agency():
    maker = TextMaker(11)
    shared = maker.paragraphs(4)
    first = page_text("Wire story", [*shared, *maker.paragraphs(4), "(ANI)"])
    second = page_text("Wire story retold", [*shared[:3], *maker.paragraphs(5), "(ANI)"])
    batch = batch_of({"w1.txt": first, "w2.txt": second}, FETCHED_AT)
    linked = link_alone(batch)
    ids = sorted([article_of(batch, "w1.txt"), article_of(batch, "w2.txt")])
    rows = {r["article_id"]: r for r in linked.articles.iter_rows(named=True)}
    assert [rows[i]["agency"] for i in ids] == ["ANI", "ANI"]
    assert rows[ids[1]]["duplicate_of"] is None  # a rewrite, not a reprint
    assert rows[ids[1]]["story_id"] == rows[ids[0]]["story_id"]
    assert (rows[ids[1]]["origin_article_id"], rows[ids[1]]["is_original"]) == (ids[0], False)


# --- stable ids -----------------------------------------------------------------------------------


def _ids(linked: stories.Linked) -> list[tuple]:
    return (
        linked.articles.select("article_id", "story_id", "duplicate_of", "origin_article_id")
        .sort("article_id")
        .rows()
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(sorted(synthetic_texts())))
def test_ids_are_stable_under_reruns_and_page_order(synthetic, order):
    _, linked = synthetic
    texts = synthetic_texts()
    again = link_alone(batch_of({name: texts[name] for name in order}, FETCHED_AT))
    assert _ids(again) == _ids(linked)


def test_extra_evidence_from_a_later_stage_joins_articles_into_one_story(synthetic):
    batch, _ = synthetic
    same_topic, unrelated = article_of(batch, "f_same_topic.txt"), article_of(batch, "g_unrelated.txt")
    item, other = max(same_topic, unrelated), min(same_topic, unrelated)
    extra = pl.DataFrame(
        {
            "item_id": [item],
            "other_id": [other],
            "score": [0.9],
            "evidence_kind": ["shared_entities"],
            "evidence": ["Vladimir Putin, Anchorage"],
        }
    )
    linked = stories.link_batch(
        batch.articles,
        batch.paragraphs,
        known_articles=EMPTY_KNOWN_ARTICLES,
        known_paragraphs=EMPTY_KNOWN_PARAGRAPHS,
        known_article_pairs=EMPTY_ARTICLE_PAIRS,
        known_paragraph_pairs=EMPTY_PARAGRAPH_PAIRS,
        extra_evidence=extra,
    )
    assert _row(linked.articles, item)["story_id"] == _row(linked.articles, other)["story_id"]
    evidence = _row(linked.story_evidence, item)
    assert (evidence["matched_article_id"], evidence["evidence_kind"]) == (other, "shared_entities")


def test_paragraphs_too_short_for_an_overlap_are_not_banded():
    # 13 words -> 9 five-word shingles, one short of MIN_SHARED_SHINGLES: no pair with it can be an
    # overlap, so it gets no band rows; 14 words -> 10 shingles, banded.
    words = [f"word{i}" for i in range(14)]
    shingles = dedup.shingle_features(
        pl.LazyFrame({"item_id": ["short", "long"], "text": [" ".join(words[:13]), " ".join(words)]})
    )
    assert dict(shingles.group_by("item_id").len().iter_rows()) == {"short": 9, "long": 10}
    assert stories.MIN_SHARED_SHINGLES == 10
    bands = dedup.minhash_bands(stories.bandable_paragraphs(shingles), rows=dedup.PARAGRAPH_ROWS)
    assert set(bands["item_id"]) == {"long"}
    assert bands.height == dedup.minhash_bands(
        shingles.filter(pl.col("item_id") == "long"), rows=dedup.PARAGRAPH_ROWS
    ).height > 0


def test_links_are_the_same_with_short_paragraphs_banded(monkeypatch):
    # Leaving short paragraphs out of the index must not change any decision: pages mixing long
    # paragraphs with short ones (bylines, one-liners), reprinted whole, in part and edited.
    maker = TextMaker(11)
    long_ = maker.paragraphs(6, topic=["alaska", "summit"])
    short = [maker.sentence(words=w) for w in (4, 7, 9, 13, 14)]  # 14 words: 10 shingles, banded
    mixed = [p for pair in zip(long_, short, strict=False) for p in pair] + long_[5:]
    edited = [p.replace(p.split()[3], "changed") for p in mixed]
    texts = {
        "a.txt": page_text("Leaders meet in Alaska", mixed),
        "b.txt": page_text("Leaders meet in Alaska again", mixed),
        "c.txt": page_text("Alaska summit, edited", edited),
        "d.txt": page_text("Only the short lines", short),
        "e.txt": page_text("Half of it", mixed[:5] + short),
    }
    batch = batch_of(texts, FETCHED_AT)
    some = link_alone(batch)
    monkeypatch.setattr(stories, "bandable_paragraphs", lambda shingles: shingles)
    every = link_alone(batch)
    assert every.paragraph_bands.height > some.paragraph_bands.height > 0
    assert some.paragraph_overlaps.height > 0 and some.paragraphs["duplicate_of"].is_not_null().any()
    for name in ("articles", "paragraphs", "paragraph_overlaps", "story_evidence", "story_merges"):
        assert getattr(every, name).equals(getattr(some, name)), name


def test_only_the_first_exact_copies_of_a_paragraph_in_a_story_are_banded():
    # Four reprints of one article (one story) and an unrelated article quoting one of its
    # paragraphs word for word (another story): the shared paragraph is banded in the first
    # MAX_PER_STORY reprints by id and in the other story's article, and nowhere else.
    original = TextMaker(21).paragraphs(6, topic=["harbour", "ferry"])
    other = TextMaker(22).paragraphs(8, topic=["budget", "council"])
    texts = {f"reprint_{i}.txt": page_text("Harbour opens ferry terminal", original) for i in range(4)}
    texts["quoting.txt"] = page_text("Council debates the budget", [*other, original[2]])
    batch = batch_of(texts, FETCHED_AT)
    linked = link_alone(batch)
    story = dict(linked.articles.select("article_id", "story_id").iter_rows())
    reprints = sorted(article_of(batch, f"reprint_{i}.txt") for i in range(4))
    quoting = article_of(batch, "quoting.txt")
    assert len({story[a] for a in reprints}) == 1 and story[quoting] != story[reprints[0]]

    banded = set(linked.paragraph_bands["paragraph_id"])
    for no in range(6):
        copies = [f"{a}-{no + 1:03d}" for a in reprints]
        assert [c in banded for c in copies] == [True] * stories.MAX_PER_STORY + [False] * (4 - stories.MAX_PER_STORY)
    assert f"{quoting}-009" in banded
    # every copy is still linked: duplicate_of and overlaps are decided before banding
    dup = dict(linked.paragraphs.select("paragraph_id", "duplicate_of").iter_rows())
    assert all(dup[f"{a}-001"] == f"{reprints[0]}-001" for a in reprints[1:])


def test_a_band_key_stores_its_first_rows_only():
    # Warehouse: key (1, 10) one row short of full, (1, 11) full, (2, 12) empty. The batch fills the
    # room left, lowest id first, in any row order; rows for a full key are not stored.
    cap = stories.MAX_ROWS_PER_BAND_KEY
    stored = pl.DataFrame(
        {"band": [1, 1], "bucket": [10, 11], "n_rows": [cap - 1, cap]},
        schema={"band": pl.Int16, "bucket": pl.UInt64, "n_rows": pl.Int64},
    )
    rows = [("p3", 1, 10), ("p1", 1, 10), ("p2", 1, 10), ("p1", 1, 11)]
    rows += [(f"q{i:02d}", 2, 12) for i in range(cap + 2, -1, -1)]
    batch = pl.DataFrame(
        rows, schema={"paragraph_id": pl.String, "band": pl.Int16, "bucket": pl.UInt64}, orient="row"
    )
    kept = stories.within_key_rows(batch, stored, "paragraph_id")
    assert kept.columns == batch.columns
    assert sorted(kept.rows()) == [("p1", 1, 10)] + [(f"q{i:02d}", 2, 12) for i in range(cap)]
    shuffled = stories.within_key_rows(batch.sample(fraction=1.0, shuffle=True, seed=3), stored, "paragraph_id")
    assert sorted(shuffled.rows()) == sorted(kept.rows())


def _aliases(pairs: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(pairs, schema={"merged_story_id": pl.String, "into_story_id": pl.String}, orient="row")


def _alias_map(frame: pl.DataFrame) -> dict[str, str]:
    return dict(frame.select("merged_story_id", "into_story_id").iter_rows())


def test_story_aliases_follow_later_merges_and_chains_within_a_batch():
    # batch 1 merged a into b; batch 2 merges b into c and, in the same batch, c into d
    before = _aliases([("a", "b")])
    after = stories.story_aliases(before, _aliases([("b", "c"), ("c", "d")]))
    assert _alias_map(after) == {"a": "d", "b": "d", "c": "d"}
    assert after["merged_story_id"].to_list() == ["a", "b", "c"]
    # a long chain in one batch ends at its last story
    chain = [(f"s{n:02d}", f"s{n + 1:02d}") for n in range(20)]
    assert set(_alias_map(stories.story_aliases(_aliases([]), _aliases(chain))).values()) == {"s20"}
    # a batch without merges changes nothing
    assert _alias_map(stories.story_aliases(before, _aliases([]))) == {"a": "b"}


def test_story_aliases_put_a_cycle_into_its_lowest_story():
    # two (or three) stories each recorded as merged into another (an older load could leave that):
    # the group, and what was merged into it earlier, goes into its lowest id; the rest as usual
    for cycle in ([("q", "p"), ("p", "q")], [("p", "q"), ("q", "r"), ("r", "p")]):
        got = _alias_map(stories.story_aliases(_aliases([("x", "q")]), _aliases([*cycle, ("u", "v")])))
        assert got == {"q": "p", "x": "p", "u": "v"} | ({"r": "p"} if len(cycle) == 3 else {})


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdef"), st.sets(st.integers(0, 30), max_size=25), max_size=6),
    st.lists(st.tuples(st.sampled_from("abcdefg"), st.sampled_from("abcdefg")), max_size=20, unique=True),
)
def test_set_overlaps_counts_shared_features_of_each_pair(items: dict[str, set[int]], pairs: list) -> None:
    """Exact shared counts, sizes, Jaccard and containment of every pair, against Python sets; a
    side with no features ("g") has none shared and scores 0."""
    features = pl.DataFrame(
        [(item, feature) for item, found in items.items() for feature in found],
        schema={"item_id": pl.String, "feature": pl.UInt32},
        orient="row",
    )
    frame = pl.DataFrame(pairs, schema={"item_id": pl.String, "other_id": pl.String}, orient="row")
    got = dedup.set_overlaps(frame, features)
    assert got.columns == ["item_id", "other_id", "n_shared", "n_item", "n_other", "jaccard", "containment"]
    assert got.select("item_id", "other_id").rows() == sorted(pairs)
    # the same from lists (as the link stage hands articles over), with the shared features named
    lists = features.group_by("item_id").agg(pl.col("feature").unique())
    with_shared = dedup.list_overlaps(frame, lists, shared=True)
    assert with_shared.drop("shared").equals(got)
    for item, other, shared in with_shared.select("item_id", "other_id", "shared").iter_rows():
        assert set(shared or []) == items.get(item, set()) & items.get(other, set())
    for item, other, n_shared, n_item, n_other, jaccard, containment in got.iter_rows():
        mine, theirs = items.get(item, set()), items.get(other, set())
        assert (n_shared, n_item, n_other) == (len(mine & theirs), len(mine), len(theirs))
        union, smaller = len(mine | theirs), min(len(mine), len(theirs))
        assert jaccard == pytest.approx(len(mine & theirs) / union if union else 0.0)
        assert containment == pytest.approx(len(mine & theirs) / smaller if smaller else 0.0)
