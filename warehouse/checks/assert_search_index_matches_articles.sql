-- articles without their search_documents row, and search_documents rows of no article; expect none
select
    coalesce(articles.article_id, search_documents.article_id) as article_id,
    articles.article_id is null as is_orphan
from articles
full outer join search_documents using (article_id)
where articles.article_id is null
    or search_documents.article_id is null;
