-- removed lines of page versions being replaced (replaced_page_ids)
delete from removed_lines
where page_id in (select page_id from replaced_page_ids);
