-- one row per warehouse paragraph found by the LSH lookup, with what linking needs; key paragraph_id
with

candidates as (
    select distinct paragraph_id
    from staged_matching_paragraph_pairs
),

-- the candidates' rows on their own (materialized, so no other join adds filters to this scan): a
-- join with few keys (up to load.DYNAMIC_FILTER_KEYS) reaches the scan as an IN filter, which
-- drops the other paragraphs before their text is read
matched as materialized (
    select
        paragraph_id,
        article_id,
        duplicate_of,
        text
    from paragraphs
    semi join candidates using (paragraph_id)
),

-- their articles' pages, read the same way
matched_article_ids as (
    select distinct article_id
    from matched
),

matched_articles as materialized (
    select
        articles.article_id,
        articles.page_id
    from articles
    inner join matched_article_ids using (article_id)
),

final as (
    select
        -- ids
        matched.paragraph_id,
        matched.duplicate_of,
        -- text
        matched.text,
        -- timestamps
        pages.ingested_at as seen_at
    from matched
    inner join matched_articles using (article_id)
    left join pages
        on matched_articles.page_id = pages.page_id
        and pages.status = 'loaded'
    qualify row_number() over (partition by matched.paragraph_id order by pages.ingested_at) = 1
)

select * from final
order by paragraph_id;
