-- search_documents rows of the articles of page versions being replaced (run before delete_articles)
delete from search_documents
where article_id in (
    select articles.article_id
    from articles
    where articles.page_id in (select page_id from replaced_page_ids)
);
