-- one row per failed check of a file or row, per run; no key (a row can fail several checks)
create table if not exists quarantine (
    run_id varchar not null,
    table_name varchar not null,
    row_key varchar not null,
    check_name varchar not null,
    failure varchar
);
