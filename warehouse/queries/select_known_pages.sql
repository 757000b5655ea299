-- the version of every file already in the warehouse; one row per source_path
select
    source_path,
    page_id,
    status
from pages;
