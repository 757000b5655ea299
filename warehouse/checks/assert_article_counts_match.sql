-- loaded pages whose n_articles disagrees with the articles table, or that have none; expect none
with

counted as (
    select page_id, count(*) as n_found
    from articles
    group by page_id
)

select pages.source_path, pages.n_articles, coalesce(counted.n_found, 0) as n_found
from pages
left join counted using (page_id)
where pages.status = 'loaded'
    and (pages.n_articles <> coalesce(counted.n_found, 0) or pages.n_articles = 0);
