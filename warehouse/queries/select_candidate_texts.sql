-- title and body of the candidate articles that have no stored features (article_features), which
-- linking then shingles from their text: only articles loaded before that table existed; key
-- article_id
select
    articles.article_id,
    articles.title,
    articles.body
from articles
semi join staged_text_ids using (article_id)
order by articles.article_id;
