-- removed lines of page versions being replaced: pages whose source_path is staged, unless another
-- unchanged file still has the same bytes
delete from removed_lines
where page_id in (
    select pages.page_id
    from pages
    inner join staged_pages using (source_path)
)
and page_id not in (
    select pages.page_id
    from pages
    anti join staged_pages using (source_path)
);
