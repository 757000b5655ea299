-- one row per article: why it is in its story; key article_id
-- The key is not declared: its ART index would grow with the warehouse, and DuckDB holds one in
-- memory whole (flows/load.GROWING_TABLES). The load keeps it unique, fails a run that loads it
-- twice (queries/select_duplicate_keys.sql) and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists story_evidence (
    -- ids
    article_id varchar not null,
    story_id varchar not null,
    matched_article_id varchar,
    -- evidence
    score double,
    shingle_jaccard double,
    evidence_kind varchar not null,
    evidence varchar
);
