-- the full-text search index over article titles and bodies: each transform task indexes its
-- batch's articles (flows/search.py) and the load inserts the rows with the batch's others, instead
-- of DuckDB's fts index, which
-- `pragma create_fts_index` can only rebuild whole: that rebuild ran after every load with new
-- pages and took 275 s at 1M pages however few were new. Queried with the search_articles table
-- macro (78_search_articles.sql), BM25 as the fts extension scores it.
--
-- search_stopwords: words left out of the index and of queries; the fts extension's English list,
-- kept as data in flows/search_stopwords.py (a test holds it to the extension's). Key word.
create table if not exists search_stopwords (
    word varchar primary key
);

-- search_documents: one row per indexed article; n_terms its length in index terms (BM25's document
-- length). Key article_id, not declared: its ART index would grow with the warehouse
-- (flows/load.GROWING_TABLES); the load keeps it unique and warehouse/checks/assert_keys_unique.sql
-- checks it.
create table if not exists search_documents (
    article_id varchar not null,
    n_terms integer not null
);

-- search_terms: one row per (article, stemmed term) with the term's count in the article's title and
-- body. Key (article_id, term), not declared (as above).
create table if not exists search_terms (
    article_id varchar not null,
    term varchar not null,
    tf integer not null
);
