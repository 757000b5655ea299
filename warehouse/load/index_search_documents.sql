-- one search_documents row per staged article, with its length in index terms (0 for an article
-- with no indexable word); reads the temp table index_search_terms.sql made, then drops it
insert into search_documents (article_id, n_terms)
select
    staged_articles.article_id,
    coalesce(sum(indexed_terms.tf), 0)::integer as n_terms
from staged_articles
left join indexed_terms using (article_id)
group by staged_articles.article_id;

drop table indexed_terms;
