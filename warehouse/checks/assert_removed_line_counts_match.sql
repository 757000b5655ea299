-- loaded pages whose n_removed_lines disagrees with removed_lines; expect none
with

counted as (
    select page_id, count(*) as n_found
    from removed_lines
    group by page_id
)

select pages.source_path, pages.n_removed_lines, coalesce(counted.n_found, 0) as n_found
from pages
left join counted using (page_id)
where pages.status = 'loaded'
    and pages.n_removed_lines <> coalesce(counted.n_found, 0);
