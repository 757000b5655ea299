-- search_documents rows of the articles of deleted pages, unless a page still present has the same bytes (run before prune_articles)
delete from search_documents
where article_id in (
    select articles.article_id
    from articles
    where articles.page_id in (select page_id from pages where is_deleted)
    and articles.page_id not in (select page_id from pages where not is_deleted)
);
