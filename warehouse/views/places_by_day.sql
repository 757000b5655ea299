-- one row per place and day (the article's published_at day, else its dateline date); key (entity_id, day)
create or replace view places_by_day as

with

mentions_in as (
    select article_id, entity_id from mentions
),

places as (
    select * from entities
    where type = 'LOC'
),

articles_in as (
    select
        article_id,
        coalesce(cast(published_at as date), dateline_date) as day
    from articles
),

final as (
    select
        places.entity_id,
        articles_in.day,
        places.name,
        places.country_code,
        places.latitude,
        places.longitude,
        count(*) as n_mentions,
        count(distinct mentions_in.article_id) as n_articles
    from mentions_in
    inner join places using (entity_id)
    inner join articles_in using (article_id)
    group by all
)

select * from final;
