-- page versions being replaced: pages whose source_path is staged, unless another unchanged file
-- still has the same bytes; the delete_*.sql files of a load read it (run first)
create or replace temp view replaced_page_ids as
select pages.page_id
from pages
inner join staged_pages using (source_path)
where pages.page_id not in (
    select pages.page_id
    from pages
    anti join staged_pages using (source_path)
);
