-- articles ranked by BM25 relevance of title and body to $1 (the search text); best first
with

scored as (
    select
        article_id,
        fts_main_articles.match_bm25(article_id, $1) as score
    from articles
),

final as (
    select
        articles.article_id,
        articles.title,
        articles.publisher,
        scored.score
    from scored
    inner join articles using (article_id)
    where scored.score is not null
    order by scored.score desc, articles.article_id
)

select * from final;
