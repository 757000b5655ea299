-- one row per pipeline run; key run_id
create table if not exists runs (
    run_id varchar primary key,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,
    n_pages integer not null,
    n_new integer not null,
    n_changed integer not null,
    n_unchanged integer not null,
    n_articles integer not null,
    n_quarantined integer not null,
    error varchar
);
