"""Near-duplicate stage: text -> word shingles and terms, MinHash signatures, LSH band keys, set overlaps.

Pure polars: frames in, frames out; no DuckDB, no clock. Steps, in the order they run:

1. Tokens: lowercase runs of letters and digits (``TOKEN``).
2. Features of an item (a paragraph, or an article), as stable 32-bit hashes:
   - ``shingle_features``: every run of ``SHINGLE_WORDS`` consecutive words inside one paragraph
     (shingles never cross a paragraph break, so reordering paragraphs keeps the set);
   - ``term_features``: distinct content words (``MIN_TERM_CHARS`` letters or more, not in
     ``rules.STOPWORDS``): a rewrite of the same event shares names and places, not sentences.
3. ``drop_common_terms``: story terms found in more than ``MAX_TERM_SHARE`` of the indexed articles
   (the warehouse's ``term_counts`` plus the batch) are left out of the term bands, not out of the
   story Jaccard: two unrelated articles then share almost no banded term, so chance candidates stay
   near zero however large the warehouse.
4. ``minhash_bands``: ``NUM_PERM`` MinHash values per item, cut into bands of ``rows`` values
   (``PARAGRAPH_ROWS``, ``TERM_ROWS``); each band hashes to a bucket. Items sharing a (band, bucket)
   are candidates:
   the LSH lookup is an equi-join on (band, bucket), never all pairs.
5. ``set_overlaps``: exact shared-feature counts, Jaccard and containment for candidate pairs only.

Hashes are ours, not ``Expr.hash`` (seeded per polars version): words are hashed once per distinct
word with blake2b, shingles and permutations are modular arithmetic on those values, so signatures
and band keys stored in the warehouse stay valid across runs and releases.
"""

from __future__ import annotations

import hashlib
import threading

import polars as pl

from flows import rules

#: Largest prime below 2**32. Every value is kept below it, so a*x + b < 2**64 never overflows UInt64.
PRIME = 4_294_967_291
#: Base of the polynomial that combines word hashes into a shingle hash and MinHash rows into a bucket.
POLY_BASE = 1_000_003

#: Words per shingle. 5 is long enough that two unrelated articles on one topic share almost none
#: (measured: the seed's aggregator story and the ANI wire copy of the same event share 0 of ~600),
#: short enough that a one-word edit breaks only 5 shingles.
SHINGLE_WORDS = 5
#: Content words shorter than this are too generic to say two articles cover one event.
MIN_TERM_CHARS = 4

#: MinHash values per item. They are cut into bands of ``rows`` values; a pair with Jaccard J shares
#: a band with probability 1 - (1 - J**rows)**(NUM_PERM / rows). Candidates are then checked
#: exactly (``set_overlaps``), so the band shape trades recall of the lookup against the number of
#: pairs checked, which is what makes the cost grow with the warehouse or not.
NUM_PERM = 64
#: Paragraph shingles: 32 bands of 2. P = 0.5 at J = 0.12, 0.95 at 0.30 (the seed teasers share
#: 0.28), 0.9997 at 0.5. Two unrelated paragraphs share almost no 5-word shingle (J ~ 0), so the
#: low threshold costs few false candidates however large the warehouse.
PARAGRAPH_ROWS = 2
#: Story terms: 16 bands of 4. P = 0.12 at J = 0.3, 0.52 at 0.46 (seed 001 vs seed 000),
#: 0.88 at 0.6. A pair of unrelated articles is a chance candidate with probability ~16 * J**4, so the
#: candidates per new page are ~16 * J**4 * N for a warehouse of N articles: linear in N, and only
#: small if J is. Over all terms, unrelated seed articles share J = 0.04-0.06 (~10 per 100k) and
#: bench/dedup.py's corpus 0.085 (~84 per 100k: the frequent words of any text are shared by
#: everyone). ``drop_common_terms`` removes those words from the banded sets, which brings J for
#: unrelated pairs under 0.01 (bench/dedup.py, 5,000 pairs: mean 0.0062, max 0.029; mean of
#: 16 * J**4 = 2e-7, so 0.02 chance candidates per page at 100k articles and 0.2 at a million) while
#: related articles keep the rare names and places they share.
#: Rewrites below the band threshold are found through the paragraph index (they copy names and
#: phrases), see stories.link_articles.
TERM_ROWS = 4
#: A story term in more than this share of the indexed articles is not banded. 5%: the words every
#: text uses ("said", "government", "minister", and the Zipf head of bench/dedup.py's made-up words)
#: are well above it; a story's own names stay below it unless one story is 1 in 20 of all articles
#: (such a story's articles still share their other names, and their paragraphs through the
#: paragraph index). Measured on bench/dedup.py's corpus: banded sets keep 129 of 233 terms, and
#: unrelated pairs share 0.0062 of them (0.0032 at 2%, 0.0019 at 1%: 5% is already far below what
#: the band shape needs); recall of copies is unchanged (bench/BENCHMARKS.md).
MAX_TERM_SHARE = 0.05
#: The share is trusted from this many indexed articles (warehouse plus batch) on: a term at the
#: 5% threshold has then been seen 25 times or more. Below it every term is banded, as before, and a
#: warehouse this small costs little anyway.
MIN_ARTICLES_FOR_SHARE = 500

#: The largest band count of the two (band numbers in the index tables are below it).
BANDS = NUM_PERM // min(PARAGRAPH_ROWS, TERM_ROWS)

TOKEN = r"[\p{L}\p{N}]+"


def _stable_hash(text: str, salt: str = "") -> int:
    return int.from_bytes(hashlib.blake2b((salt + text).encode(), digest_size=8).digest(), "big") % PRIME


def _permutations() -> list[tuple[int, int]]:
    """(a, b) of each MinHash permutation h -> (a*h + b) mod PRIME, derived from fixed labels."""
    return [
        (1 + _stable_hash(f"a{i}", "minhash:") % (PRIME - 1), _stable_hash(f"b{i}", "minhash:"))
        for i in range(NUM_PERM)
    ]


#: Distinct words kept with their hashes between calls (:func:`_word_hashes`): about 40 MB at most.
WORD_CACHE_ROWS = 500_000
_WORD_SCHEMA = {"word": pl.String, "word_hash": pl.UInt64}
_word_cache = pl.DataFrame(schema=_WORD_SCHEMA)
_word_cache_lock = threading.Lock()


def _word_hashes(words: pl.Series) -> pl.DataFrame:
    """Distinct words -> (word, word_hash).

    polars has no hash that is stable across versions (``Expr.hash`` is not), and the hashes end up
    in the warehouse, so Python hashes each *distinct* word (blake2b). A process keeps the words it
    has hashed (up to ``WORD_CACHE_ROWS``) and hashes only the ones it has not seen: a vocabulary
    grows far slower than the text (Heaps' law), so after the first batches of a run most words of a
    batch are found by a join, and everything per occurrence stays vectorised.
    """
    global _word_cache
    distinct = words.unique().drop_nulls().to_frame("word").cast({"word": pl.String})
    cache = _word_cache
    known = distinct.join(cache, on="word", how="inner")
    missing = distinct.join(cache, on="word", how="anti")["word"]
    new = pl.DataFrame({"word": missing, "word_hash": [_stable_hash(w) for w in missing]}, schema=_WORD_SCHEMA)
    if new.height:
        with _word_cache_lock:
            grown = pl.concat([_word_cache, new])
            # past the bound, start again from the words of this call (the run's working set)
            _word_cache = grown if grown.height <= WORD_CACHE_ROWS else pl.concat([known, new])
    return pl.concat([known, new])


def _words(items: pl.LazyFrame) -> pl.LazyFrame:
    """(item_id, text) -> one row per word occurrence, in text order: item_id, pos, word, n_words
    (the item's word count). Positions and counts come from each text's word list before it is
    exploded, not from windows over ``item_id``."""
    words = pl.col("word")
    return (
        items.select("item_id", pl.col("text").str.to_lowercase().str.extract_all(TOKEN).alias("word"))
        .select(
            "item_id",
            pl.int_ranges(0, words.list.len(), dtype=pl.Int64).alias("pos"),
            words,
            words.list.len().cast(pl.Int64).alias("n_words"),
        )
        .explode("pos", "word")
        .drop_nulls("word")
    )


def _with_word_hashes(words: pl.DataFrame) -> pl.DataFrame:
    """Word rows + word_hash, in the rows' order (shingles read the next rows of an item)."""
    return words.join(_word_hashes(words["word"]), on="word", how="left", maintain_order="left")


def shingle_features(items: pl.LazyFrame) -> pl.DataFrame:
    """(item_id, text) -> distinct (item_id, feature): hashes of SHINGLE_WORDS-word shingles, in no
    particular order (every use is a set: minimums, intersections, sorted lists). ``item_id`` is
    unique in ``items``.

    A text shorter than SHINGLE_WORDS words is one shingle of all its words. Each distinct text is
    shingled once (copies repeat paragraphs: half the paragraphs a batch reads back are repeats), so
    an item's rows are its text's, distinct already.
    """
    items = items.select("item_id", "text").collect()
    texts = items.select("text").unique().with_row_index("text_no")
    per_text = _text_shingles(texts.lazy().select(pl.col("text_no").alias("item_id"), "text"))
    return (
        items.join(texts, on="text")
        .join(per_text.rename({"item_id": "text_no"}), on="text_no")
        .select("item_id", "feature")
    )


def _text_shingles(items: pl.LazyFrame) -> pl.DataFrame:
    words = _with_word_hashes(_words(items).collect())
    # Rows are in text order, each item's words together and by pos, so a plain shift reads the next
    # words of the same item wherever pos + k < n_words; the rest are zero (only the one short-text
    # shingle uses them).
    acc = pl.col("word_hash")
    for k in range(1, SHINGLE_WORDS):
        nxt = pl.when(pl.col("pos") + k < pl.col("n_words")).then(pl.col("word_hash").shift(-k)).otherwise(0)
        acc = (acc * POLY_BASE + nxt) % PRIME
    return (
        words.lazy()
        .with_columns(acc.alias("feature"))
        .filter(
            (pl.col("pos") + SHINGLE_WORDS <= pl.col("n_words"))
            | ((pl.col("n_words") < SHINGLE_WORDS) & (pl.col("pos") == 0))
        )
        .select("item_id", pl.col("feature").cast(pl.UInt64))
        .unique()
        .collect()
    )


def term_features(items: pl.LazyFrame) -> pl.DataFrame:
    """(item_id, text) -> distinct (item_id, feature, term): content words and their hashes, in no
    particular order."""
    words = (
        _words(items)
        .filter((pl.col("word").str.len_chars() >= MIN_TERM_CHARS) & ~pl.col("word").str.contains(r"^\d+$"))
        .filter(~pl.col("word").is_in(sorted(rules.STOPWORDS)))
        .select("item_id", "word")
        .unique()
        .collect()
    )
    return words.join(_word_hashes(words["word"]), on="word").select(
        "item_id", pl.col("word_hash").alias("feature"), pl.col("word").alias("term")
    )


def term_counts(terms: pl.DataFrame) -> pl.DataFrame:
    """(item_id, feature) -> (feature, n_articles): in how many items each term occurs."""
    return (
        terms.group_by("feature")
        .agg(pl.col("item_id").n_unique().cast(pl.Int64).alias("n_articles"))
        .sort("feature")
    )


def drop_common_terms(terms: pl.DataFrame, known_counts: pl.DataFrame, n_known: int) -> pl.DataFrame:
    """(item_id, feature) of a batch -> the rows whose term is in at most MAX_TERM_SHARE of all articles.

    ``known_counts`` (feature, n_articles) and ``n_known`` describe the warehouse; the batch's own
    items count too, so the result does not depend on the order of pages within a batch. An item
    whose terms are all common gets no term bands; it is still found through its paragraphs.
    """
    n_total = n_known + terms["item_id"].n_unique()
    if n_total < MIN_ARTICLES_FOR_SHARE:
        return terms
    counts = (
        pl.concat([term_counts(terms), known_counts.select("feature", pl.col("n_articles").cast(pl.Int64))])
        .group_by("feature")
        .agg(pl.col("n_articles").sum())
    )
    common = counts.filter(pl.col("n_articles") > MAX_TERM_SHARE * n_total).select("feature")
    return terms.join(common, on="feature", how="anti")


def minhash_bands(features: pl.DataFrame, *, rows: int) -> pl.DataFrame:
    """(item_id, feature) -> (item_id, band, bucket): one row per item and LSH band of ``rows`` values,
    in no particular order (the lookups join on them; the index keeps rows in its own order)."""
    perms = _permutations()
    # the permuted values as plain columns first, then one min per column and item: a fifth less
    # CPU than the permutation written inside each aggregation (polars then evaluates it per group)
    signature = (
        features.lazy()
        .select("item_id", *(((pl.col("feature") * a + b) % PRIME).alias(f"m{i}") for i, (a, b) in enumerate(perms)))
        .group_by("item_id")
        .agg(pl.all().min())
    )
    buckets = []
    for band in range(NUM_PERM // rows):
        bucket = pl.col(f"m{band * rows}")
        for row in range(1, rows):
            bucket = (bucket * POLY_BASE + pl.col(f"m{band * rows + row}")) % PRIME
        buckets.append(bucket.alias(str(band)))
    return (
        signature.select("item_id", *buckets)
        .unpivot(index="item_id", variable_name="band", value_name="bucket")
        .select("item_id", pl.col("band").cast(pl.Int16), pl.col("bucket").cast(pl.UInt64))
        .collect()
    )


def candidate_pairs(bands: pl.DataFrame, known_pairs: pl.DataFrame) -> pl.DataFrame:
    """LSH lookup: new items' bands against themselves, plus the (new, known) pairs the warehouse
    lookup found (``known_pairs``: item_id, other_id; :func:`band_pairs` makes them from band rows,
    the load gets them from warehouse/queries/select_matching_*_pairs.sql) -> (item_id, other_id).

    New-new pairs appear once, with ``other_id < item_id``; known items are never the ``item_id``.
    """
    within = (
        bands.join(bands, on=["band", "bucket"], suffix="_other")
        .filter(pl.col("item_id_other") < pl.col("item_id"))
        .select("item_id", pl.col("item_id_other").alias("other_id"))
    )
    return pl.concat([within, known_pairs.select("item_id", "other_id")]).unique().sort("item_id", "other_id")


def band_pairs(bands: pl.DataFrame, known_bands: pl.DataFrame) -> pl.DataFrame:
    """New items' bands against known items' bands -> distinct (item_id, other_id) sharing a band."""
    return (
        bands.join(known_bands, on=["band", "bucket"], suffix="_other")
        .select("item_id", pl.col("item_id_other").alias("other_id"))
        .unique()
    )


def set_overlaps(pairs: pl.DataFrame, features: pl.DataFrame) -> pl.DataFrame:
    """(item_id, other_id) pairs + (item_id, feature) of both sides -> exact overlap of each pair.

    Columns: those of ``pairs``, then n_shared, n_item, n_other (distinct features), jaccard,
    containment (shared over the smaller set: 1.0 when one text is a trimmed copy of the other).
    """
    lists = features.lazy().group_by("item_id").agg(pl.col("feature").unique())
    return list_overlaps(pairs, lists)


def list_overlaps(
    pairs: pl.DataFrame, lists: pl.DataFrame | pl.LazyFrame, *, shared: bool = False
) -> pl.DataFrame:
    """(item_id, other_id) pairs + (item_id, feature) with each item's *distinct* features as one
    list -> the columns of :func:`set_overlaps`; with ``shared``, also the shared features (a list).

    Articles keep their features as lists (stored in article_features, made once per batch), so
    the link stage hands them over as they are instead of exploding them into rows and grouping
    them back.
    """
    # A pair's overlap is the size of the lists' intersection, streamed over the pairs: a third of
    # the CPU of counting the rows of a pairs x features join (0.82 -> 0.25 s on one batch of the
    # 30k-page replay, same figures), and the lists (4 bytes a feature) are never all held for
    # every pair at once.
    lists = lists.lazy().select("item_id", "feature")
    common = pl.col("feature").list.set_intersection("other_feature")
    return (
        pairs.lazy()
        .join(lists, on="item_id", how="left")
        .join(lists.rename({"item_id": "other_id", "feature": "other_feature"}), on="other_id", how="left")
        .select(
            *pairs.columns,
            common.list.len().alias("n_shared"),
            pl.col("feature").list.len().alias("n_item"),
            pl.col("other_feature").list.len().alias("n_other"),
            *([common.alias("shared")] if shared else []),
        )
        .with_columns(pl.col("n_shared", "n_item", "n_other").fill_null(0).cast(pl.Int64))
        .with_columns(
            (pl.col("n_shared") / (pl.col("n_item") + pl.col("n_other") - pl.col("n_shared")))
            .fill_nan(0.0)
            .alias("jaccard"),
            (pl.col("n_shared") / pl.min_horizontal("n_item", "n_other")).fill_nan(0.0).alias("containment"),
        )
        .select(
            *pairs.columns, "n_shared", "n_item", "n_other", "jaccard", "containment", *(["shared"] if shared else [])
        )
        .sort("item_id", "other_id")
        .collect(engine="streaming")
    )
