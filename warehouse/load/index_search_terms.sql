-- the search index rows of the articles in staged_articles (warehouse/ddl/76_search_index.sql):
-- their title and body split by search_words, stopwords dropped, stemmed, counted per article. Run
-- by each transform task in a DuckDB of its own (flows/search.py) and once over all articles of a
-- warehouse made before the index (flows/load.apply_ddl). Kept in a temp table that
-- index_search_documents.sql reads too, so each article is tokenised once.
create or replace temp table indexed_terms as
with words as (
    select
        article_id,
        unnest(search_words(concat_ws(' ', title, body))) as word
    from staged_articles
)

select
    article_id,
    stem(word, 'porter') as term,
    count(*)::integer as tf
from words
where word not in (select word from search_stopwords)
group by article_id, term;

insert into search_terms (article_id, term, tf)
select article_id, term, tf
from indexed_terms;
