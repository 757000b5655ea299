-- records the modification time each staged file had when the run listed it (taken before reading,
-- so a file that changes during the run is hashed again next time); staged_page_files: one row per
-- source_path
update pages
set file_mtime_ns = staged_page_files.file_mtime_ns
from staged_page_files
where pages.source_path = staged_page_files.source_path;
