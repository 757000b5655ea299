-- articles ranked by BM25 relevance of title and body to $1 (the search text), best first
-- (the search_articles table macro, warehouse/ddl/78_search_articles.sql)
select
    article_id,
    title,
    publisher,
    score
from search_articles($1);
