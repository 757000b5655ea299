-- one row per article: why it is in its story; key article_id
create table if not exists story_evidence (
    -- ids
    article_id varchar primary key,
    story_id varchar not null,
    matched_article_id varchar,
    -- evidence
    score double,
    shingle_jaccard double,
    evidence_kind varchar not null,
    evidence varchar
);
