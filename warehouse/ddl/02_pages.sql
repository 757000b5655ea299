-- one row per input file, loaded or quarantined; key source_path
-- The key is not declared: its ART index would grow with the warehouse, and DuckDB holds one in
-- memory whole (flows/load.GROWING_TABLES). The load keeps it unique, fails a run that loads it
-- twice (queries/select_duplicate_keys.sql) and warehouse/checks/assert_keys_unique.sql checks it.
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
