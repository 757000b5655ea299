-- what story linking compares for each indexed article, stored at load so that an article read back
-- as a candidate is not tokenised and shingled again: one row per article; key article_id.
-- shingles: the distinct 5-word shingle hashes of its body paragraphs; terms: the distinct story-term
-- hashes of its title and body (flows/dedup.py; every hash is below 2**32, so uinteger holds it)
-- The key is not declared: its ART index would grow with the warehouse, and DuckDB holds one in
-- memory whole (flows/load.GROWING_TABLES). The load keeps it unique, fails a run that loads it
-- twice (queries/select_duplicate_keys.sql) and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists article_features (
    article_id varchar not null,
    shingles uinteger[] not null,
    terms uinteger[] not null
);
