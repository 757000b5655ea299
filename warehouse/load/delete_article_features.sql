-- article_features rows of the articles of page versions being replaced (run before delete_articles)
delete from article_features
where article_id in (
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
