-- every record file as last read whole (record_files) with how many of its records are in pages now
-- and not marked deleted (n_live); one row per source_path. A record's file is its source_path up to
-- the first '#' (a file whose own path holds a '#' then counts none and is always read).
with

live as (
    select
        split_part(source_path, '#', 1) as source_path,
        count(*) as n_live
    from pages
    where contains(source_path, '#')
        and not coalesce(is_deleted, false)
    group by split_part(source_path, '#', 1)
)

select
    record_files.source_path,
    record_files.bytes,
    record_files.file_mtime_ns,
    record_files.n_records,
    coalesce(live.n_live, 0) as n_live
from record_files
left join live using (source_path)
order by record_files.source_path;
