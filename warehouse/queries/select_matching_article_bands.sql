-- the LSH lookup for articles: one row per warehouse article band sharing a (band, bucket) with a
-- staged article; key (article_id, band). Each staged article keeps at most $max_candidates
-- warehouse articles, those sharing the most bands (then the lowest article_id), so the rows read
-- per new article are bounded however large the warehouse or the story. One scan of the band
-- table: the matching rows are kept and ranked, not looked up twice.
with

matches as (
    select
        staged_article_bands.article_id as staged_article_id,
        article_bands.article_id,
        article_bands.band,
        article_bands.bucket
    from staged_article_bands
    inner join article_bands using (band, bucket)
),

shared as (
    select
        staged_article_id,
        article_id,
        count(*) as n_shared_bands
    from matches
    group by staged_article_id, article_id
),

ranked as (
    select
        article_id,
        row_number() over (
            partition by staged_article_id
            order by n_shared_bands desc, article_id
        ) as candidate_rank
    from shared
),

kept as (
    select distinct article_id
    from ranked
    where candidate_rank <= $max_candidates
),

final as (
    select distinct
        matches.article_id,
        matches.band,
        matches.bucket
    from matches
    semi join kept using (article_id)
)

select * from final
order by article_id, band;
