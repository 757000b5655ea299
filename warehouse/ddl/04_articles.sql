-- one row per article (main story or related block); key article_id
-- The key is not declared: its ART index would grow with the warehouse, and DuckDB holds one in
-- memory whole (flows/load.GROWING_TABLES). The load keeps it unique, fails a run that loads it
-- twice (queries/select_duplicate_keys.sql) and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists articles (
    article_id varchar not null,
    page_id varchar not null,
    position integer not null,
    is_main boolean not null,
    title varchar,
    publisher varchar,
    agency varchar,
    age_text varchar,
    published_at timestamptz,
    published_at_source varchar,
    dateline_place varchar,
    dateline_country varchar,
    dateline_date date,
    body varchar not null,
    n_paragraphs integer not null,
    n_words integer not null,
    content_hash varchar not null
);
