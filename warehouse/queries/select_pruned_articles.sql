-- one row per article of a deleted page that a prune drops (the rows prune_articles drops), with
-- the text its story terms come from; key article_id
select
    -- ids
    articles.article_id,
    -- text
    articles.title,
    articles.body
from articles
where articles.page_id in (select page_id from pages where is_deleted)
and articles.page_id not in (select page_id from pages where not is_deleted)
order by articles.article_id;
