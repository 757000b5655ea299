-- paragraph_bands rows of the articles of page versions being replaced (run before delete_articles)
delete from paragraph_bands
where paragraph_id in (
    select paragraphs.paragraph_id
    from paragraphs
    where paragraphs.article_id in (
        select articles.article_id
        from articles
        where articles.page_id in (select page_id from replaced_page_ids)
    )
);
