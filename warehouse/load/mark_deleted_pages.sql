-- marks the pages whose input file is gone; their rows stay. staged_deleted_pages: one row per
-- source_path, with the time the run found it missing
update pages
set
    is_deleted = true,
    deleted_at = staged_deleted_pages.deleted_at
from staged_deleted_pages
where pages.source_path = staged_deleted_pages.source_path;
