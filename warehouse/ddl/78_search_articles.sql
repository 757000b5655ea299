-- search_articles(query_text): articles ranked by BM25 relevance of their title and body to the
-- query (k1 = 1.2, b = 0.75, as the fts extension's match_bm25), best first, then by article_id;
-- articles sharing no term with the query are left out. Needs the fts extension loaded (`stem`),
-- which a DuckDB session of the user who ran newsdesk autoloads.
create or replace macro search_articles(query_text) as table
with

query_terms as (
    select distinct stem(word, 'porter') as term
    from (select unnest(search_words(query_text)) as word)
    where word not in (select word from search_stopwords)
),

collection as (
    select
        count(*) as n_documents,
        avg(n_terms) as mean_terms
    from search_documents
),

matched as (
    select
        search_terms.article_id,
        search_terms.term,
        search_terms.tf
    from search_terms
    semi join query_terms using (term)
),

frequencies as (
    select
        term,
        count(*) as n_documents_with
    from matched
    group by term
),

scores as (
    select
        matched.article_id,
        sum(
            ln((collection.n_documents - frequencies.n_documents_with + 0.5) / (frequencies.n_documents_with + 0.5) + 1)
            * matched.tf * (1.2 + 1)
            / (matched.tf + 1.2 * (1 - 0.75 + 0.75 * search_documents.n_terms / collection.mean_terms))
        ) as score
    from matched
    inner join frequencies using (term)
    inner join search_documents using (article_id)
    cross join collection
    group by matched.article_id
)

select
    articles.article_id,
    articles.title,
    articles.publisher,
    scores.score
from scores
inner join articles using (article_id)
order by scores.score desc, articles.article_id;
