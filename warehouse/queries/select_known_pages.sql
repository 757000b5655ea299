-- the version of every file already in the warehouse; one row per source_path
select
    source_path,
    page_id,
    status,
    bytes,
    file_mtime_ns,
    coalesce(is_deleted, false) as is_deleted
from pages;
