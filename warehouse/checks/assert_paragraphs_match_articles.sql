-- articles whose n_paragraphs disagrees with the paragraphs table, and orphan paragraphs; expect none
with

counted as (
    select article_id, count(*) as n_found
    from paragraphs
    group by article_id
)

select articles.article_id, articles.n_paragraphs, counted.n_found
from articles
full outer join counted using (article_id)
where articles.article_id is null
    or counted.n_found is null
    or articles.n_paragraphs <> counted.n_found;
