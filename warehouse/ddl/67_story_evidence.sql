-- one row per article: why it is in its story; key article_id
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
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
