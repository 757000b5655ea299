-- one row per input file, loaded or quarantined; key source_path
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists pages (
    page_id varchar not null,
    source_path varchar not null,
    bytes bigint not null,
    fetched_at timestamptz,
    ingested_at timestamptz not null,
    status varchar not null,
    reason varchar,
    n_lines integer not null,
    n_removed_lines integer not null,
    n_articles integer not null,
    run_id varchar not null
);
