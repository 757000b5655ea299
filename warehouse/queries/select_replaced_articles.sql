-- one row per article of a page version being replaced (the rows delete_articles drops), with the
-- text its story terms come from; key article_id
select
    -- ids
    articles.article_id,
    -- text
    articles.title,
    articles.body
from articles
where articles.page_id in (
    select pages.page_id
    from pages
    inner join staged_pages using (source_path)
)
and articles.page_id not in (
    select pages.page_id
    from pages
    anti join staged_pages using (source_path)
)
order by articles.article_id;
