"""Link stage: new articles and paragraphs + matching warehouse rows -> duplicates, origins, stories.

Pure polars (no DuckDB, no clock). The load stage fetches, through the persisted LSH index, only the
warehouse rows that share a band bucket with the new batch ("known" rows) and passes them in here.
Decisions, in the order they are made:

1. Paragraph near-duplicates (``link_paragraphs``): candidate pairs from paragraph shingle bands;
   a pair sharing ``MIN_SHARED_SHINGLES`` or more shingles is recorded in ``paragraph_overlaps``
   (how the seed's two Times of Oman teasers, one long paragraph each, are linked: they share
   ~49% of their shingles, runs of whole sentences, but neither is a copy of the other). A pair
   above ``PARAGRAPH_DUPLICATE`` is a near-copy; ``duplicate_of`` is the earliest-seen paragraph
   of the connected near-copies.
2. Article near-duplicates: exact shingle overlap of candidate pairs (from article term bands);
   above ``ARTICLE_DUPLICATE`` an article is a reprint; ``duplicate_of`` as for paragraphs.
3. Story edges: a pair with term Jaccard >= ``STORY_MIN_TERM_JACCARD``, or a reprint. Stories are
   connected components. A component holding warehouse articles keeps the story of its
   earliest-seen one; other warehouse stories in it are merged into that one and recorded in
   ``story_merges``. A component of new articles only starts ``story-<earliest article_id>``.
   The load moves a merged story's articles after its last batch; until then its lookups read
   them through the run's aliases (``story_aliases``).
4. Origins: a reprint's origin is its original's origin; an article carrying a wire agency takes
   the origin of the earliest-seen article with the same agency in its story; else itself.
5. Evidence: for each new article, the strongest edge to an earlier-seen member of its story.
6. What the paragraph index keeps (``Linked.paragraph_bands``): a paragraph with fewer than
   ``MIN_SHARED_SHINGLES`` shingles is not banded at all, as it cannot overlap
   (``bandable_paragraphs``); the others are all banded for the batch's own pairs, and all are
   stored but the exact copies of a text beyond the first ``MAX_PER_STORY`` in one story
   (``copies_not_banded``).
7. Band keys are bounded (``within_key_rows``): a (band, bucket) of either index stores at most
   ``MAX_ROWS_PER_BAND_KEY`` rows, the first that reached it. A new row for a full key is not
   stored; the item is still banded for its own batch and still finds the stored rows of that key.

"Earliest-seen": rows already in the warehouse (by page ingestion time, then article_id) before
new rows; new rows by article_id. Pages of one run have no reliable order (file order, mtime), so
a content-derived id is the tie-break: the same pages give the same ids in any order.

Shared entities, places and dates (issue 4) are meant to add story edges: ``story_edges`` takes an
optional ``extra_evidence`` frame (item_id, other_id, score, evidence_kind, evidence) whose rows
are unioned with the text edges, so they join components and can be the strongest evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from flows import dedup

#: A pair of paragraphs sharing at least this many 5-word shingles (a run of ~14 words) is an
#: overlap worth recording. Seed 001 and seed 000's main story share 15-23 shingles in three
#: paragraph pairs (copied noun phrases); the two teasers share 219.
MIN_SHARED_SHINGLES = 10

#: (min Jaccard, or min containment with min Jaccard) for a near-copy. Each edited word breaks up to
#: SHINGLE_WORDS shingles: one word changed in a 40-word paragraph leaves Jaccard ~0.76, two ~0.57;
#: a paragraph with its last sentence cut keeps containment 1.0. The seed teasers (0.28 Jaccard,
#: 0.49 containment) share text but neither is a copy: an overlap, not a duplicate.
PARAGRAPH_DUPLICATE = (0.6, 0.9, 0.5)
#: Articles: a copy with 2% of its words edited keeps Jaccard ~0.8, 5% ~0.6 (bench/dedup.py quality);
#: one trimmed to half its paragraphs keeps containment 1.0 at Jaccard 0.5; two rewrites of one
#: event (seed 001 and seed 000) share 0.08, unrelated articles on one topic ~0.
ARTICLE_DUPLICATE = (0.5, 0.9, 0.4)

#: Term Jaccard at which two articles are one story. Measured on the seeds: the ANI wire copy and
#: the aggregator's rewrite of the same meeting 0.46; the two teasers sharing paragraphs 0.29;
#: the other Alaska teasers against each other 0.04-0.13; Alaska teasers against the India-Russia
#: story 0.04-0.06.
STORY_MIN_TERM_JACCARD = 0.2
#: Warehouse articles kept per new article from the term-band lookup, those sharing the most bands
#: first (warehouse/queries/select_matching_article_pairs.sql). After common terms are dropped a new
#: article has ~0 chance candidates (bench/BENCHMARKS.md), so the cap only bites on a story with
#: more than 50 earlier articles; one edge is enough to join it, and the strongest are kept.
MAX_ARTICLE_CANDIDATES = 50
#: Warehouse paragraphs kept per new paragraph from the shingle-band lookup (a near-copy shares most
#: of the 32 bands and ranks first); bounds the cost of a paragraph reprinted on thousands of pages.
MAX_PARAGRAPH_CANDIDATES = 20
#: Warehouse rows kept per new article (or paragraph) and story, before the caps above: those sharing
#: the most bands, then root rows (no duplicate_of), then the lowest ids. Members of one story are
#: already linked to each other, so a few of them decide what joining that story decides; without
#: this bound, a story's every earlier copy was read back for each new copy (up to the caps), and
#: the rows read per batch grew with the warehouse (bench/BENCHMARKS.md, "Story linking per batch").
#: 2 against reading every copy, on the 4k bench corpus: warehouse articles read in the last batch
#: 9,174 -> 4,098; 105 of 12,338 articles get another duplicate_of (91 another root among groups they
#: copy, 14 none: copies only of a trimmed copy not read); 1,192 of 1,207 stories keep the same
#: articles, 15 large chained ones are cut differently (bench/BENCHMARKS.md). 4 per story: 35
#: duplicate_of changes for 1.4x the reads.
MAX_PER_STORY = 2
#: Rows one band key (band, bucket) keeps in a stored index: the first that reached it (warehouse
#: rows, then the batch's in id order). A key shared by many items is a text reprinted again and
#: again (or common wording): every later lookup of that key joined all its rows, so a lookup's work
#: grew with the warehouse, not with the batch (bench/BENCHMARKS.md, "A bound on the rows of a band
#: key"). With the bound a new item meets at most this many rows per key; an item whose keys are all
#: full is a copy of items already stored, which later copies still find.
MAX_ROWS_PER_BAND_KEY = 8

#: Shared terms shown as evidence, longest first (long words are names and places more often).
EVIDENCE_TERMS = 8


@dataclass
class Linked:
    """Output of :func:`link_batch`: staged rows with link columns, and the new link tables."""

    articles: pl.DataFrame
    paragraphs: pl.DataFrame
    article_bands: pl.DataFrame
    paragraph_bands: pl.DataFrame
    paragraph_overlaps: pl.DataFrame
    story_evidence: pl.DataFrame
    story_merges: pl.DataFrame
    article_features: pl.DataFrame


def paragraph_ids() -> pl.Expr:
    """article_id + zero-padded paragraph_no: ``96a303936ad594d1-003-001``."""
    return pl.format("{}-{}", "article_id", pl.col("paragraph_no").cast(pl.String).str.zfill(3)).alias(
        "paragraph_id"
    )


def article_texts(articles: pl.DataFrame) -> pl.LazyFrame:
    """articles -> (item_id, text) of title and body, for story terms."""
    return articles.lazy().select(
        pl.col("article_id").alias("item_id"),
        pl.concat_str([pl.col("title").fill_null(""), pl.col("body")], separator="\n").alias("text"),
    )


def article_paragraph_texts(articles: pl.DataFrame) -> pl.LazyFrame:
    """articles -> (item_id, part, text) per body paragraph, so that an article's shingles are its
    paragraphs'; ``part`` numbers the paragraphs of all the articles (an integer key joins faster)."""
    return (
        articles.lazy()
        .select(pl.col("article_id").alias("item_id"), pl.col("body").str.split("\n\n").alias("text"))
        .explode("text")
        .with_row_index("part")
    )


def article_shingles(articles: pl.DataFrame) -> pl.DataFrame:
    """articles -> distinct (item_id, feature) over the shingles of every body paragraph."""
    parts = article_paragraph_texts(articles).collect()
    features = dedup.shingle_features(parts.lazy().select(pl.col("part").alias("item_id"), "text"))
    return (
        features.rename({"item_id": "part"})
        .join(parts.select("part", "item_id"), on="part")
        .select("item_id", "feature")
        .unique()
        .sort("item_id", "feature")
    )


@dataclass
class BatchIndex:
    """A batch's LSH band rows (what the warehouse lookup joins on) and the features behind them."""

    article_bands: pl.DataFrame
    paragraph_bands: pl.DataFrame
    article_terms: pl.DataFrame
    paragraph_shingles: pl.DataFrame


def story_terms(articles: pl.DataFrame) -> pl.DataFrame:
    """articles -> distinct (item_id, feature, term): the story terms of title and body."""
    return dedup.term_features(article_texts(articles))


#: A paragraph id is its article's id, a dash and the zero-padded paragraph number (ddl/64): this
#: pattern, replaced by nothing, gives the article id.
OWNER = r"-\d+$"


def _batch_article_shingles(index: BatchIndex) -> pl.DataFrame:
    """A batch's (item_id, feature) article shingles: its paragraphs' (paragraph ids lose -NNN)."""
    return index.paragraph_shingles.select(pl.col("item_id").str.replace(OWNER, ""), "feature").unique()


def article_features(articles: pl.DataFrame, index: BatchIndex) -> pl.DataFrame:
    """New articles + their index -> article_features rows (article_id, shingles, terms): the hashes
    linking compares, stored so that a warehouse article read back is not shingled again."""

    return (
        articles.select("article_id")
        .join(_feature_lists(_batch_article_shingles(index), "shingles"), on="article_id", how="left")
        .join(_feature_lists(index.article_terms, "terms"), on="article_id", how="left")
        .with_columns(pl.col("shingles", "terms").fill_null(pl.lit([], dtype=pl.List(pl.UInt32))))
        .sort("article_id")
    )


def _feature_lists(features: pl.DataFrame, name: str) -> pl.DataFrame:
    """(item_id, feature) rows -> (article_id, <name>): each item's distinct features, sorted, as
    UInt32 (every feature is below dedup.PRIME < 2**32)."""
    return features.group_by(pl.col("item_id").alias("article_id")).agg(
        pl.col("feature").unique().sort().cast(pl.UInt32).alias(name)
    )


def known_feature_lists(known: pl.DataFrame) -> pl.DataFrame:
    """Warehouse articles -> (article_id, shingles, terms): their distinct feature hashes as lists.

    The stored lists (article_features) as they are; articles without them (loaded before the table
    existed) are shingled and tokenised from title and body, which gives the same hashes.
    """
    if "shingles" not in known.columns:
        known = known.with_columns(pl.lit(None, dtype=pl.List(pl.UInt32)).alias(c) for c in ("shingles", "terms"))
    missing = pl.col("shingles").is_null() | pl.col("terms").is_null()
    stored = known.filter(~missing).select(
        # a list stored by an older load may repeat a hash (two terms of one article colliding)
        "article_id", pl.col("shingles").list.unique(), pl.col("terms").list.unique()
    )
    rest = known.filter(missing)
    derived = (
        rest.select("article_id")
        .join(_feature_lists(article_shingles(rest), "shingles"), on="article_id", how="left")
        .join(_feature_lists(dedup.term_features(article_texts(rest)), "terms"), on="article_id", how="left")
        .with_columns(pl.col("shingles", "terms").fill_null(pl.lit([], dtype=pl.List(pl.UInt32))))
    )
    return pl.concat([stored, derived])


def index_batch(
    articles: pl.DataFrame,
    paragraphs: pl.DataFrame,
    *,
    known_term_counts: pl.DataFrame | None = None,
    n_known_articles: int = 0,
    terms: pl.DataFrame | None = None,
) -> BatchIndex:
    """New articles and paragraphs -> LSH band rows: article_bands (terms), paragraph_bands (shingles).

    ``known_term_counts`` (feature, n_articles) over ``n_known_articles``: the warehouse's term
    counts for the batch's terms; terms common across warehouse and batch are not banded
    (:func:`flows.dedup.drop_common_terms`). ``terms``: the batch's :func:`story_terms`, if already made.
    """
    terms = story_terms(articles) if terms is None else terms
    if known_term_counts is None:
        known_term_counts = pl.DataFrame(schema={"feature": pl.UInt64, "n_articles": pl.Int64})
    banded = dedup.drop_common_terms(terms.select("item_id", "feature"), known_term_counts, n_known_articles)
    shingles = dedup.shingle_features(paragraphs.lazy().select(paragraph_ids().alias("item_id"), "text"))
    article_bands = dedup.minhash_bands(banded, rows=dedup.TERM_ROWS)
    paragraph_bands = dedup.minhash_bands(bandable_paragraphs(shingles), rows=dedup.PARAGRAPH_ROWS)
    return BatchIndex(
        article_bands=article_bands.rename({"item_id": "article_id"}),
        paragraph_bands=paragraph_bands.rename({"item_id": "paragraph_id"}),
        article_terms=terms,
        paragraph_shingles=shingles,
    )


def bandable_paragraphs(shingles: pl.DataFrame) -> pl.DataFrame:
    """(item_id, feature) paragraph shingles -> those of paragraphs with ``MIN_SHARED_SHINGLES`` or more.

    Every paragraph decision (an overlap, and so a near-copy or an article pair) needs a pair sharing
    ``MIN_SHARED_SHINGLES`` shingles, which a paragraph with fewer cannot, so it is left out of the
    paragraph index: no band rows stored, no lookup made. The decisions are the same; the band table
    is smaller (a third of its rows on the generated bench corpus: bylines, captions, one-line
    paragraphs) and so is every later batch's scan of it.
    """
    return shingles.filter(pl.len().over("item_id") >= MIN_SHARED_SHINGLES)


def _is_copy(thresholds: tuple[float, float, float]) -> pl.Expr:
    min_jaccard, min_containment, min_jaccard_contained = thresholds
    return (pl.col("jaccard") >= min_jaccard) | (
        (pl.col("containment") >= min_containment) & (pl.col("jaccard") >= min_jaccard_contained)
    )


def _ranked(known: pl.DataFrame, new: pl.DataFrame, key: str) -> pl.DataFrame:
    """(key, seen_at) of known rows and key of new rows -> key, rank (0 = earliest seen), is_new."""
    return (
        pl.concat(
            [
                known.select(key, "seen_at", pl.lit(False).alias("is_new")),
                new.select(
                    key,
                    pl.lit(None, dtype=pl.Datetime("us", "UTC")).alias("seen_at"),
                    pl.lit(True).alias("is_new"),
                ),
            ]
        )
        .unique(subset=key, keep="first", maintain_order=True)
        .sort("is_new", "seen_at", key, nulls_last=True)
        .with_row_index("rank")
        .select(key, pl.col("rank").cast(pl.Int64), "is_new")
    )


def connected_roots(nodes: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """nodes (node, rank) + undirected edges (a, b) -> (node, root), root = lowest-rank node of the component.

    Label propagation: each round a node takes the smallest label among itself and its neighbours;
    the loop runs once per step of the longest shortest path, never once per row.
    """
    both = pl.concat([edges.select("a", "b"), edges.select(pl.col("b").alias("a"), pl.col("a").alias("b"))])
    labels = nodes.select("node", pl.col("rank").alias("label"))
    while True:
        offered = (
            both.join(labels.rename({"node": "b", "label": "offer"}), on="b")
            .group_by("a")
            .agg(pl.col("offer").min())
            .rename({"a": "node"})
        )
        updated = labels.join(offered, on="node", how="left").select(
            "node", pl.min_horizontal("label", "offer").alias("label")
        )
        if updated.join(labels, on=["node", "label"], how="anti").height == 0:
            break
        labels = updated
    return labels.join(
        nodes.select(pl.col("node").alias("root"), pl.col("rank").alias("label")), on="label"
    ).select("node", "root")


def link_paragraphs(
    new: pl.DataFrame, known: pl.DataFrame, index: BatchIndex, known_pairs: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """New + matched warehouse paragraphs -> (paragraphs with paragraph_id and duplicate_of, overlaps).

    ``known``: paragraph_id, text, duplicate_of, seen_at of warehouse paragraphs sharing a bucket.
    """
    new = new.with_columns(paragraph_ids())
    known_features = dedup.shingle_features(
        known.lazy().select(pl.col("paragraph_id").alias("item_id"), "text")
    )
    features = pl.concat([index.paragraph_shingles, known_features])
    pairs = dedup.candidate_pairs(
        index.paragraph_bands.rename({"paragraph_id": "item_id"}),
        known_pairs.rename({"staged_paragraph_id": "item_id", "paragraph_id": "other_id"}),
    )
    overlaps = dedup.set_overlaps(pairs, features).filter(pl.col("n_shared") >= MIN_SHARED_SHINGLES)
    copies = overlaps.filter(_is_copy(PARAGRAPH_DUPLICATE))
    duplicate_of = _duplicate_roots(new, known, copies, key="paragraph_id")
    paragraphs = new.join(duplicate_of, on="paragraph_id", how="left")
    overlap_rows = overlaps.select(
        pl.col("item_id").alias("paragraph_id"),
        pl.col("other_id").alias("overlaps_paragraph_id"),
        pl.col("n_shared").cast(pl.Int32).alias("n_shared_shingles"),
        pl.col("jaccard").round(4).alias("jaccard"),
        pl.col("containment").round(4).alias("containment"),
        _is_copy(PARAGRAPH_DUPLICATE).alias("is_near_copy"),
    )
    return paragraphs, overlap_rows


def _duplicate_roots(
    new: pl.DataFrame, known: pl.DataFrame, copies: pl.DataFrame, *, key: str
) -> pl.DataFrame:
    """New rows + known rows (with their duplicate_of) + near-copy pairs -> key, duplicate_of of new rows."""
    # A known row stands for its own original: the component root is then an earliest-seen original.
    known_root = known.select(key, pl.coalesce("duplicate_of", key).alias("root_key"), "seen_at")
    mapped = (
        copies.select(pl.col("item_id").alias("a"), pl.col("other_id").alias("b"))
        .join(known_root.select(pl.col(key).alias("b"), "root_key"), on="b", how="left")
        .select("a", pl.coalesce("root_key", "b").alias("b"))
    )
    roots_known = known_root.select(pl.col("root_key").alias(key), "seen_at").unique(subset=key, keep="first")
    ranks = _ranked(roots_known, new, key)
    roots = connected_roots(ranks.select(pl.col(key).alias("node"), "rank"), mapped)
    return (
        new.select(key)
        .join(roots.rename({"node": key}), on=key, how="left")
        .select(key, pl.when(pl.col("root") != pl.col(key)).then(pl.col("root")).alias("duplicate_of"))
    )


def story_edges(
    pairs: pl.DataFrame,
    lists: pl.DataFrame,
    item_terms: pl.DataFrame,
    extra_evidence: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Candidate article pairs -> scored edges.

    ``lists`` (article_id, shingles, terms): the distinct feature hashes of every article of the
    pairs (:func:`article_features`, :func:`known_feature_lists`); ``item_terms`` (item_id, feature,
    term): the terms of the pairs' ``item_id`` side (new articles), whose words the evidence shows.
    Columns: item_id, other_id, score, shingle_jaccard, is_copy, evidence_kind, evidence.

    ``score`` is the term Jaccard; ``extra_evidence`` (same columns but the Jaccards) is where
    entity, place and date matches will come in.
    """
    by_terms = dedup.list_overlaps(
        pairs, lists.select(pl.col("article_id").alias("item_id"), pl.col("terms").alias("feature")), shared=True
    )
    by_shingles = dedup.list_overlaps(
        pairs, lists.select(pl.col("article_id").alias("item_id"), pl.col("shingles").alias("feature"))
    ).select(
        "item_id",
        "other_id",
        pl.col("jaccard").alias("shingle_jaccard"),
        _is_copy(ARTICLE_DUPLICATE).alias("is_copy"),
    )
    scored = (
        by_terms.select("item_id", "other_id", pl.col("jaccard").alias("score"), "shared")
        .join(by_shingles, on=["item_id", "other_id"])
        .filter(pl.col("is_copy") | (pl.col("score") >= STORY_MIN_TERM_JACCARD))
    )
    # the shared terms shown as evidence, for the edges that are not copies (a copy shows its
    # shingle Jaccard): the pair's shared hashes, named by the item's own terms
    shared_terms = (
        scored.lazy()
        .filter(~pl.col("is_copy"))
        .select("item_id", "other_id", pl.col("shared").alias("feature"))
        .explode("feature")
        .join(
            item_terms.lazy().select("item_id", pl.col("feature").cast(pl.UInt32), "term"),
            on=["item_id", "feature"],
        )
        .group_by("item_id", "other_id")
        .agg(
            pl.col("term")
            .sort_by(pl.col("term").str.len_chars(), "term", descending=[True, False])
            .head(EVIDENCE_TERMS)
            .str.join(", ")
            .alias("shared_terms")
        )
        .collect()
    )
    edges = (
        scored.drop("shared")
        .join(shared_terms, on=["item_id", "other_id"], how="left")
        .select(
            "item_id",
            "other_id",
            pl.col("score").round(4),
            pl.col("shingle_jaccard").round(4),
            "is_copy",
            pl.when(pl.col("is_copy"))
            .then(pl.lit("near_copy"))
            .otherwise(pl.lit("shared_terms"))
            .alias("evidence_kind"),
            pl.when(pl.col("is_copy"))
            .then(pl.format("shingle jaccard {}", pl.col("shingle_jaccard").round(2)))
            .otherwise(pl.col("shared_terms"))
            .alias("evidence"),
        )
    )
    if extra_evidence is not None:
        extra = extra_evidence.with_columns(
            pl.lit(None, dtype=pl.Float64).alias("shingle_jaccard"), pl.lit(False).alias("is_copy")
        ).select(edges.columns)
        edges = pl.concat([edges, extra])
    return edges.sort("item_id", "other_id", "evidence_kind")


def link_articles(
    new: pl.DataFrame,
    known: pl.DataFrame,
    index: BatchIndex,
    known_pairs: pl.DataFrame,
    overlaps: pl.DataFrame,
    batch_lists: pl.DataFrame,
    extra_evidence: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """New + matched warehouse articles -> (articles with link columns, story evidence, story merges).

    ``known``: article_id, title, body, agency, story_id, duplicate_of, origin_article_id, seen_at,
    and optionally the stored shingles and terms (:func:`known_feature_lists`).
    Candidates are pairs sharing a term band, plus pairs whose paragraphs overlap (``overlaps``):
    rewrites of one event copy names and phrases long before their term sets look alike.
    ``batch_lists``: the new articles' :func:`article_features` (the rows the load stores).
    """
    owner = OWNER
    # an article's shingles are its paragraphs' (new rows: from the index; warehouse rows: stored)
    lists = pl.concat([batch_lists, known_feature_lists(known)])
    by_bands = dedup.candidate_pairs(
        index.article_bands.rename({"article_id": "item_id"}),
        known_pairs.rename({"staged_article_id": "item_id", "article_id": "other_id"}),
    )
    by_paragraphs = overlaps.select(
        pl.col("paragraph_id").str.replace(owner, "").alias("item_id"),
        pl.col("overlaps_paragraph_id").str.replace(owner, "").alias("other_id"),
    ).filter(pl.col("item_id") != pl.col("other_id"))
    pairs = pl.concat([by_bands, by_paragraphs]).unique().sort("item_id", "other_id")
    edges = story_edges(pairs, lists, index.article_terms, extra_evidence)

    # 2. reprints
    copies = edges.filter(pl.col("is_copy")).select("item_id", "other_id")
    duplicate_of = _duplicate_roots(new, known, copies, key="article_id")

    # 3. stories: components over story edges, known articles ranked first
    ranks = _ranked(known, new, "article_id")
    roots = connected_roots(
        ranks.select(pl.col("article_id").alias("node"), "rank"),
        edges.select(pl.col("item_id").alias("a"), pl.col("other_id").alias("b")),
    ).rename({"node": "article_id"})
    members = roots.join(ranks, on="article_id").join(
        known.select("article_id", "story_id"), on="article_id", how="left"
    )
    # Warehouse stories met in one component are one story from now on; so are stories met in two
    # components that share a story (its articles need not be connected in this batch). Each such
    # group keeps the story of its earliest-seen article, so that no story a batch merges is also
    # one it merges into (no chains, no cycles: every merged story's articles move exactly once).
    stored = members.filter(pl.col("story_id").is_not_null())
    story_nodes = stored.group_by("story_id").agg(pl.col("rank").min()).rename({"story_id": "node"})
    story_links = stored.join(
        stored.sort("rank").group_by("root").agg(pl.col("story_id").first().alias("b")), on="root"
    ).select(pl.col("story_id").alias("a"), "b")
    kept_story = connected_roots(story_nodes, story_links).rename({"node": "story_id", "root": "kept_story_id"})
    keeper = stored.join(kept_story, on="story_id").group_by("root").agg(pl.col("kept_story_id").first())
    component_story = (
        members.select("root")
        .unique()
        .join(keeper, on="root", how="left")
        .select(
            "root", pl.coalesce("kept_story_id", pl.format("story-{}", "root")).alias("component_story_id")
        )
    )
    members = members.join(component_story, on="root")
    merges = (
        members.filter(
            pl.col("story_id").is_not_null() & (pl.col("story_id") != pl.col("component_story_id"))
        )
        .sort("rank")
        .group_by("story_id", maintain_order=True)
        .agg(pl.col("component_story_id").first(), pl.col("root").first())
        .join(
            members.filter(pl.col("is_new"))
            .sort("rank")
            .group_by("root")
            .agg(pl.col("article_id").first().alias("bridge")),
            on="root",
            how="left",
        )
        .select(
            pl.col("story_id").alias("merged_story_id"),
            pl.col("component_story_id").alias("into_story_id"),
            pl.col("bridge").alias("article_id"),
        )
        .sort("merged_story_id")
    )

    # 4. origins
    known_origin = known.select(
        "article_id", pl.coalesce("origin_article_id", "article_id").alias("known_origin")
    )
    agency_origin = (
        members.join(
            pl.concat([new.select("article_id", "agency"), known.select("article_id", "agency")]),
            on="article_id",
        )
        .filter(pl.col("agency").is_not_null())
        .join(known_origin, on="article_id", how="left")
        .sort("rank")
        .group_by("root", "agency", maintain_order=True)
        .agg(pl.coalesce("known_origin", "article_id").first().alias("agency_origin"))
    )
    base = (
        new.select("article_id", "agency")
        .join(members.select("article_id", "root", "component_story_id"), on="article_id")
        .join(agency_origin, on=["root", "agency"], how="left")
        .select(
            "article_id",
            "component_story_id",
            pl.coalesce("agency_origin", "article_id").alias("base_origin"),
        )
    )
    origin_of = pl.concat(
        [
            base.select("article_id", pl.col("base_origin").alias("origin")),
            known_origin.rename({"known_origin": "origin"}),
        ]
    ).unique(subset="article_id", keep="first")
    linked = (
        base.join(duplicate_of, on="article_id")
        .join(
            origin_of.rename({"article_id": "duplicate_of", "origin": "dup_origin"}),
            on="duplicate_of",
            how="left",
        )
        .select(
            "article_id",
            "duplicate_of",
            pl.when(pl.col("duplicate_of").is_not_null())
            .then(pl.coalesce("dup_origin", "duplicate_of"))
            .otherwise(pl.col("base_origin"))
            .alias("origin_article_id"),
            pl.col("component_story_id").alias("story_id"),
        )
        .with_columns((pl.col("origin_article_id") == pl.col("article_id")).alias("is_original"))
    )

    # 5. evidence: strongest edge to an earlier-seen member, copies first
    rank_of = ranks.select("article_id", "rank")
    directed = pl.concat(
        [edges, edges.rename({"item_id": "other_id", "other_id": "item_id"}).select(edges.columns)]
    )
    best = (
        directed.join(rank_of.rename({"article_id": "item_id"}), on="item_id")
        .join(rank_of.rename({"article_id": "other_id", "rank": "other_rank"}), on="other_id")
        .filter(pl.col("other_rank") < pl.col("rank"))
        .sort("item_id", "is_copy", "score", "other_rank", descending=[False, True, True, False])
        .group_by("item_id", maintain_order=True)
        .first()
    )
    evidence = (
        linked.select("article_id", "story_id")
        .join(best.rename({"item_id": "article_id"}), on="article_id", how="left")
        .select(
            "article_id",
            "story_id",
            pl.col("other_id").alias("matched_article_id"),
            "score",
            "shingle_jaccard",
            pl.coalesce("evidence_kind", pl.lit("founded_story")).alias("evidence_kind"),
            "evidence",
        )
        .sort("article_id")
    )
    articles = new.join(linked, on="article_id", how="left")
    return articles, evidence, merges


def copies_not_banded(
    overlaps: pl.DataFrame, articles: pl.DataFrame, known_articles: pl.DataFrame, merges: pl.DataFrame
) -> pl.DataFrame:
    """New paragraphs that get no band rows: exact copies of ``MAX_PER_STORY`` earlier paragraphs of
    their own story that have them.

    The lookup reads at most ``MAX_PER_STORY`` rows of a story per new paragraph, and an exact copy
    shares every band, so the first copies of a text in a story stand for the rest: later copies
    would add nothing the lookup can return, but every one of their band rows would be met by each
    later copy's lookup. A paragraph reprinted on N pages of one story cost N rows per band key (the
    lookup's join grew with the copies: on the 30k bench corpus a band key met 93 rows on average);
    now at most ``MAX_PER_STORY`` per story.

    ``overlaps``: the batch's paragraph overlaps (new paragraph, earlier new or warehouse paragraph);
    an exact copy is Jaccard 1 (rounded to 4 places, exact below 20,000 shingles). Stories are the
    final ones: the batch's articles as linked, warehouse articles through this batch's ``merges``.
    Identical texts find the same warehouse rows, so a text's new copies in one story count the
    same warehouse copies and each other in id order: the first ones get band rows.
    """
    final_story = (
        known_articles.select("article_id", "story_id")
        .join(
            merges.select("merged_story_id", "into_story_id"),
            left_on="story_id",
            right_on="merged_story_id",
            how="left",
        )
        .select("article_id", pl.coalesce("into_story_id", "story_id").alias("story_id"))
    )
    story_of = pl.concat([articles.select("article_id", "story_id"), final_story]).unique(
        subset="article_id", keep="first"
    )
    return (
        overlaps.filter(pl.col("jaccard") == 1.0)
        .select(
            "paragraph_id",
            pl.col("paragraph_id").str.replace(OWNER, "").alias("article_id"),
            pl.col("overlaps_paragraph_id").str.replace(OWNER, "").alias("other_article_id"),
        )
        .join(story_of, on="article_id")
        .join(story_of.rename({"article_id": "other_article_id", "story_id": "other_story_id"}), on="other_article_id")
        .filter(pl.col("story_id") == pl.col("other_story_id"))
        .group_by("paragraph_id")
        .len()
        .filter(pl.col("len") >= MAX_PER_STORY)
        .select("paragraph_id")
    )


def story_aliases(aliases: pl.DataFrame, merges: pl.DataFrame) -> pl.DataFrame:
    """A run's story aliases (merged_story_id, into_story_id) after one more batch's ``merges``.

    The load moves the articles of merged stories once, at the end of the run, not after each batch
    (a batch that merges a large story used to rewrite all its articles, and DuckDB kept the undo of
    every rewrite until the commit); until then the lookups read a stored story id through these
    aliases. Every alias points at a story that is not itself merged: an alias whose target is merged
    now follows it, as do chains within one batch. A cycle of merges (which ``link_articles`` no
    longer makes) goes into its lowest story id, with whatever led into it.
    """
    step = merges.select("merged_story_id", "into_story_id")
    edges = (
        pl.concat([aliases.select(step.columns), step])
        .unique("merged_story_id", keep="last")
        .filter(pl.col("merged_story_id") != pl.col("into_story_id"))
    )
    # pointer doubling: each hop halves the longest chain, so height.bit_length() hops end them all;
    # what then still points at a merged story is in (or leads into) a cycle
    resolved = edges
    for _ in range(edges.height.bit_length() + 1):
        hop = resolved.join(
            resolved.rename({"merged_story_id": "into_story_id", "into_story_id": "_next"}),
            on="into_story_id",
            how="left",
        )
        if hop["_next"].is_null().all():
            break
        resolved = hop.select("merged_story_id", pl.coalesce("_next", "into_story_id").alias("into_story_id"))
    keys = resolved.select(pl.col("merged_story_id").alias("into_story_id"))
    settled = resolved.join(keys, on="into_story_id", how="anti")
    looped = edges.join(settled, on="merged_story_id", how="anti")
    if looped.height:
        # A cycle of merges: stories each recorded as merged into the next, as an older version of
        # the load could leave them. Each such group, with what led into it, goes into its lowest
        # story id, which is then no longer merged (the load drops its record).
        ids = pl.concat([looped["merged_story_id"], looped["into_story_id"]]).unique().sort()
        roots = connected_roots(
            pl.DataFrame({"node": ids, "rank": pl.int_range(ids.len(), eager=True)}),
            looped.select(pl.col("merged_story_id").alias("a"), pl.col("into_story_id").alias("b")),
        )
        settled = pl.concat(
            [
                settled,
                roots.filter(pl.col("node") != pl.col("root")).select(
                    pl.col("node").alias("merged_story_id"), pl.col("root").alias("into_story_id")
                ),
            ]
        )
    return settled.sort("merged_story_id")


def within_key_rows(bands: pl.DataFrame, stored: pl.DataFrame, id_column: str) -> pl.DataFrame:
    """A batch's band rows (id_column, band, bucket) -> those its keys have room for.

    ``stored`` (band, bucket, n_rows): rows the warehouse index already holds for the batch's keys
    (keys it lacks may be left out). A key keeps at most ``MAX_ROWS_PER_BAND_KEY`` rows: the batch's
    rows of a key fill what the warehouse left, lowest ``id_column`` first, so the same batch against
    the same warehouse stores the same rows in any row order.
    """
    room = (
        bands.join(stored.select("band", "bucket", "n_rows"), on=["band", "bucket"], how="left")
        .sort("band", "bucket", id_column)
        .with_columns(
            (pl.int_range(1, pl.len() + 1).over("band", "bucket") + pl.col("n_rows").fill_null(0)).alias("_rows")
        )
    )
    return room.filter(pl.col("_rows") <= MAX_ROWS_PER_BAND_KEY).select(bands.columns)


def link_batch(
    articles: pl.DataFrame,
    paragraphs: pl.DataFrame,
    *,
    known_articles: pl.DataFrame,
    known_paragraphs: pl.DataFrame,
    known_article_pairs: pl.DataFrame,
    known_paragraph_pairs: pl.DataFrame,
    index: BatchIndex | None = None,
    extra_evidence: pl.DataFrame | None = None,
) -> Linked:
    """Staged articles and paragraphs + matched warehouse rows -> :class:`Linked`.

    ``known_article_pairs`` (staged_article_id, article_id) and ``known_paragraph_pairs``
    (staged_paragraph_id, paragraph_id): the (new, warehouse) pairs sharing a band that the warehouse
    lookup kept (warehouse/queries/select_matching_*_pairs.sql; :func:`dedup.band_pairs` makes
    them from band rows).
    ``index``: the batch's :func:`index_batch`, when the caller already built it for the lookup.
    ``extra_evidence``: story edges from other stages (see :func:`story_edges`); none yet.
    """
    index = index or index_batch(articles, paragraphs)
    linked_paragraphs, overlaps = link_paragraphs(paragraphs, known_paragraphs, index, known_paragraph_pairs)
    features = article_features(articles, index)
    linked_articles, evidence, merges = link_articles(
        articles, known_articles, index, known_article_pairs, overlaps, features, extra_evidence
    )
    unbanded = copies_not_banded(overlaps, linked_articles, known_articles, merges)
    return Linked(
        articles=linked_articles.sort("article_id"),
        paragraphs=linked_paragraphs.sort("article_id", "paragraph_no"),
        article_bands=index.article_bands,
        paragraph_bands=index.paragraph_bands.join(unbanded, on="paragraph_id", how="anti"),
        paragraph_overlaps=overlaps.sort("paragraph_id", "overlaps_paragraph_id"),
        story_evidence=evidence,
        story_merges=merges,
        article_features=features,
    )
