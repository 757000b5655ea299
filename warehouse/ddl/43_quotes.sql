-- one row per direct quotation in an article body; key quote_id (offsets include the quotation marks)
-- The key is not declared: its ART index would grow with the warehouse, and DuckDB holds one in
-- memory whole (flows/load.GROWING_TABLES). The load keeps it unique, fails a run that loads it
-- twice (queries/select_duplicate_keys.sql) and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists quotes (
    quote_id varchar not null,
    article_id varchar not null,
    text varchar not null,
    start_char integer not null,
    end_char integer not null,
    speaker_entity_id varchar,
    speaker_text varchar,
    cue varchar,
    rule varchar not null
);
