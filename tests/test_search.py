"""The search index kept batch by batch (warehouse/ddl/76_search_index.sql) on a real DuckDB file:
what it holds, how it ranks against DuckDB's fts index, and that replaced, pruned and older
warehouses keep it whole."""

from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from flows import load, search
from flows.search_stopwords import STOPWORDS
from flows.transform import Batch, transform_pages
from tests.conftest import FETCHED_AT, SEEDS
from tests.helpers import batch_of, page_frame
from tests.test_warehouse import SEED_LIKE, load_batch

SUMMIT = (
    "Leaders meet for the summit in Alaska\nThe summits in Alaska were planned for weeks.\nComments\n"
    "Times of Oman\na day ago\nFerry services resume in the harbour\nThe harbour ferry runs again after repairs."
)


def pages_batch(texts: dict[str, str]) -> Batch:
    """One batch of several pages whose ids differ in their first 16 characters (an article id is
    its page id's first 16 and a number; ``batch_of`` numbers pages at the end)."""
    frame = page_frame(texts, FETCHED_AT)
    frame = frame.with_columns(pl.Series("page_id", [f"{n:016x}" + "0" * 48 for n in range(1, frame.height + 1)]))
    return transform_pages(frame, run_id="test-run", ingested_at=FETCHED_AT)


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory):
    """The seed pages loaded into a warehouse (the load's own code, no flow)."""
    db = tmp_path_factory.mktemp("search") / "w.duckdb"
    pages = {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}
    load_batch(db, pages_batch(pages))
    return db


def test_each_article_is_indexed_with_stemmed_terms_and_no_stopwords(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SUMMIT}, FETCHED_AT))
    with load.connect(db, read_only=True) as con:
        terms = dict(
            con.execute(
                "select term, tf from search_terms join articles using (article_id) where position = 0"
            ).fetchall()
        )
        # "summit" and "summits" are one stem; "the", "for", "in", "were" are stopwords
        assert terms["summit"] == 2 and terms["alaska"] == 2 and terms["plan"] == 1
        assert not {"the", "for", "in", "were", "summits"} & set(terms)
        lengths = con.execute(
            "select d.n_terms, sum(t.tf) from search_documents d join search_terms t using (article_id)"
            " group by d.article_id, d.n_terms"
        ).fetchall()
        assert len(lengths) == 2 and all(n == total for n, total in lengths)


def test_search_ranks_the_matching_article_first_and_leaves_out_the_rest(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, pages_batch({"a.txt": SUMMIT, "b.txt": SEED_LIKE}))
    with load.connect(db, read_only=True) as con:
        hits = load.search_articles(con, "Summits of leaders")
        assert [h[1] for h in hits] == ["Leaders meet for the summit in Alaska"]
        ferry = load.search_articles(con, "harbour ferry")
        assert [h[1] for h in ferry] == ["Ferry services resume in the harbour"]
        assert load.search_articles(con, "the of and") == []  # stopwords only


def test_search_ranks_as_duckdbs_fts_index_on_the_seed_pages(seed_warehouse):
    """Same BM25 as the fts extension's match_bm25 over the same words: the same articles in the same
    order (the scores differ only by the tokeniser's treatment of digits and one-letter words)."""
    with duckdb.connect(str(seed_warehouse)) as con:
        load.install_fts(con)
        con.begin()  # the fts index is built in a transaction that is rolled back
        con.execute("pragma create_fts_index('articles', 'article_id', 'title', 'body')")
        for query in ["Lavrov summit", "Alaska Trump Putin", "India Russia defence", "attire nostalgia", "army"]:
            ours = [article_id for article_id, *_ in load.search_articles(con, query)]
            theirs = [
                article_id
                for (article_id,) in con.execute(
                    "select article_id from (select article_id, fts_main_articles.match_bm25(article_id, ?) as s"
                    " from articles) where s is not null order by s desc, article_id",
                    [query],
                ).fetchall()
            ]
            assert ours == theirs, query
            assert ours, query
        con.rollback()


def test_a_replaced_page_leaves_no_terms_of_its_old_articles(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, batch_of({"a.txt": SUMMIT}, FETCHED_AT), "r1")
    changed = page_frame({"a.txt": "A different headline today\nNew body only."}, FETCHED_AT)
    changed = changed.with_columns(pl.lit("f" * 64).alias("page_id"))  # new bytes, a new page id
    checks = load_batch(db, transform_pages(changed, run_id="test-run", ingested_at=FETCHED_AT), "r2")
    assert checks["assert_search_index_matches_articles"] == 0
    with load.connect(db, read_only=True) as con:
        assert con.execute("select distinct article_id from search_terms").fetchall() == [("ffffffffffffffff-000",)]
        ((n_terms,),) = con.execute("select n_terms from search_documents").fetchall()
        assert n_terms == con.execute("select sum(tf) from search_terms").fetchone()[0] > 0
        assert load.search_articles(con, "summit") == []
        assert [h[1] for h in load.search_articles(con, "headline")] == ["A different headline today"]


def test_an_older_warehouse_with_an_fts_index_is_indexed_once_and_loses_it(tmp_path):
    db = tmp_path / "w.duckdb"
    load_batch(db, pages_batch({"a.txt": SUMMIT, "b.txt": SEED_LIKE}))
    with load.connect(db) as con:
        before = load.search_articles(con, "harbour ferry summit")
        # as a warehouse of before the search index: no search tables, an fts index
        con.execute("drop macro table search_articles")
        con.execute("drop macro search_words")
        for table in ["search_terms", "search_documents", "search_stopwords"]:
            con.execute(f"drop table {table}")
        con.execute("pragma create_fts_index('articles', 'article_id', 'title', 'body')")
    load.prepare_warehouse(db)
    with load.connect(db, read_only=True) as con:
        assert load.search_articles(con, "harbour ferry summit") == before
        assert len(before) == 2
        schemas = {name for (name,) in con.execute("select schema_name from information_schema.schemata").fetchall()}
        assert "fts_main_articles" not in schemas
        assert set(load.run_checks(con).values()) == {0}
    load.prepare_warehouse(db)  # once: a second prepare adds no rows
    with load.connect(db, read_only=True) as con:
        assert con.execute("select count(*) from search_documents").fetchone() == (4,)  # two pages of two articles


def test_an_analysts_session_searches_with_the_macro(tmp_path, seed_warehouse):
    """A plain DuckDB session on a copy of the warehouse: the macro and its `stem` need nothing but
    the fts extension newsdesk installed for this user."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(seed_warehouse, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        rows = con.execute("select title, publisher from search_articles('Lavrov attire') limit 1").fetchall()
    assert rows == [("Lavrov's choice of attire for Russia-US summit in Alaska on Ukraine hints at Soviet nostalgia",
                     "Times of Oman")]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Café in Zürich, G7 — Москва e-mail", ["cafe", "in", "zurich", "g7", "москва", "mail"]),
        ("U.S. A-10 jets; 2024", ["10", "jets", "2024"]),
        ("", []),
    ],
)
def test_search_words_split_at_anything_but_letters_and_digits(tmp_path, text, words):
    db = tmp_path / "w.duckdb"
    load.prepare_warehouse(db)
    with load.connect(db, read_only=True) as con:
        assert con.execute("select search_words(?)", [text]).fetchone() == (words,)


def test_the_stopwords_are_the_fts_extensions_english_list():
    with duckdb.connect() as con:
        load.install_fts(con)
        con.execute("create table probe (id integer, text varchar)")
        con.execute("pragma create_fts_index('probe', 'id', 'text')")
        listed = {word for (word,) in con.execute("select sw from fts_main_probe.stopwords").fetchall()}
    assert listed == STOPWORDS


def test_the_sql_that_indexes_an_older_warehouse_gives_the_transforms_rows(seed_warehouse):
    """flows/search.py (polars, PyStemmer) and warehouse/load/index_search_*.sql (DuckDB's
    strip_accents, regexp and stem) index the same articles alike, accents and other scripts included."""
    with load.connect(seed_warehouse, read_only=True) as con:
        articles = con.execute("select article_id, title, body from articles").pl()
    extra = pl.DataFrame(
        {
            "article_id": ["ffffffffffffffff-000", "ffffffffffffffff-001", "ffffffffffffffff-002"],
            "title": ["Café owners protest in Zürich", None, "Москва: 이유리보다 연기가"],
            "body": ["Naïve façades, résumés and the Ångström’s ™ rates.", "Running runners ran", None],
        }
    )
    articles = pl.concat([articles, extra])
    rows = search.index_articles(articles)
    with duckdb.connect() as con:
        load.apply_ddl(con)
        con.register("staged_articles", articles)
        for name in ["load/index_search_terms", "load/index_search_documents"]:
            con.execute(load.sql(name))
        terms = con.execute("select article_id, term, tf from search_terms order by article_id, term").pl()
        documents = con.execute("select article_id, n_terms from search_documents order by article_id").pl()
    assert rows["search_terms"].height > 500
    assert_frame_equal(rows["search_terms"], terms, check_dtypes=False)
    assert_frame_equal(rows["search_documents"], documents, check_dtypes=False)


def test_the_search_command_prints_the_best_articles_and_says_when_none_match(seed_warehouse, tmp_path, capsys):
    from flows.cli import main

    assert main(["search", "Lavrov attire", "--warehouse", str(seed_warehouse), "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1 and "Times of Oman  Lavrov's choice of attire" in lines[0]
    assert err.strip().startswith("1 of ") and err.strip().endswith("matching articles")
    assert main(["search", "zzqx", "--warehouse", str(seed_warehouse)]) == 1
    assert "no article matches 'zzqx'" in capsys.readouterr().err
    assert main(["search", "Lavrov", "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "run `newsdesk run` first" in capsys.readouterr().err
    older = tmp_path / "older.duckdb"
    shutil.copy(seed_warehouse, older)
    with duckdb.connect(str(older)) as con:
        con.execute("drop macro table search_articles")
    assert main(["search", "Lavrov", "--warehouse", str(older)]) == 2
    assert "has no search index yet" in capsys.readouterr().err


_SQL_WORDS = None


def _sql_words(texts: list[str]) -> list[list[str]]:
    """search_words of each text as DuckDB's macro splits it (one in-memory database per process)."""
    global _SQL_WORDS
    if _SQL_WORDS is None:
        _SQL_WORDS = duckdb.connect()
        load.apply_ddl(_SQL_WORDS)
    rows = _SQL_WORDS.execute(
        "select n, search_words(t) from unnest($texts) with ordinality as u(t, n) order by n", {"texts": texts}
    ).fetchall()
    return [words for _, words in rows]


_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cn", "Cc"]), max_size=40)


@settings(max_examples=60, deadline=None)
@example(["이유리보다 그 연기가", "Café ﬁne ™ Ｆｕｌｌ ²", "Zu\u0308rich e\u0301te\u0301 ǅemal", "हिन्दी ΣΟΦΊΑ"])
@given(st.lists(_ANY_TEXT, max_size=4))
def test_the_transform_splits_words_as_the_query_macro_does(texts):
    """Whatever the text (accents, other scripts, marks, digits, punctuation), the transform's words
    are the words the search_articles macro makes of the same text: a query meets the index. Not
    drawn: control characters (DuckDB drops a word after a NUL; pages with control bytes are
    quarantined as binary by the read stage) and code points Python's Unicode tables leave unassigned
    (newer scripts, which polars' tables and DuckDB's regex tables classify apart)."""
    ours = pl.DataFrame({"t": texts}, schema={"t": pl.String}).select(search.search_words(pl.col("t")))["t"].to_list()
    assert ours == _sql_words(texts)
