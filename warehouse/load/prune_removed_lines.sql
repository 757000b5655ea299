-- removed lines of deleted pages, unless a page still present has the same bytes
delete from removed_lines
where page_id in (select page_id from pages where is_deleted)
and page_id not in (select page_id from pages where not is_deleted);
