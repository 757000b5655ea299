-- one row per story holding an article of a page version being replaced (its counts change); key story_id
select distinct articles.story_id
from articles
where articles.story_id is not null
and articles.article_id in (
    select articles.article_id
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
);
