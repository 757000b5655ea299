-- record files (JSON Lines, plain or gzip, and Parquet) as a run last read them whole: their size and
-- modification time before the read and how many records they held. A later run that finds a file
-- with the same size and time, and all those records still in pages and not marked deleted, does not
-- read it again: its records are unchanged (flows/pipeline.unchanged_record_files). Key source_path
-- (the file's path relative to the input folder; its records' source_path is '<file>#<id>').
create table if not exists record_files (
    source_path varchar primary key,
    bytes bigint not null,
    file_mtime_ns bigint not null,
    n_records integer not null
);
