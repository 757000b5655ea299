-- one row per quoted speaker and publisher (null = publisher not named); key (speaker_entity_id, publisher)
create or replace view quoted_speakers_by_publisher as

with

quotes_in as (
    select * from quotes
    where speaker_entity_id is not null
),

articles_in as (
    select article_id, publisher from articles
),

entities_in as (
    select entity_id, name, type from entities
),

final as (
    select
        quotes_in.speaker_entity_id,
        articles_in.publisher,
        entities_in.name as speaker_name,
        entities_in.type as speaker_type,
        count(*) as n_quotes,
        count(distinct quotes_in.article_id) as n_articles
    from quotes_in
    inner join articles_in using (article_id)
    left join entities_in
        on quotes_in.speaker_entity_id = entities_in.entity_id
    group by all
)

select * from final;
