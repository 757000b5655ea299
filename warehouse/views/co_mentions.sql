-- one row per pair of entities named in the same article; key (entity_id, other_entity_id)
create or replace view co_mentions as

with

mentions_in as (
    select distinct article_id, entity_id from mentions
),

entities_in as (
    select * from entities
),

pairs as (
    select
        mentions_in.entity_id,
        others.entity_id as other_entity_id,
        count(*) as n_articles
    from mentions_in
    inner join mentions_in as others
        on mentions_in.article_id = others.article_id
        and mentions_in.entity_id < others.entity_id
    group by mentions_in.entity_id, others.entity_id
),

final as (
    select
        pairs.entity_id,
        pairs.other_entity_id,
        -- names
        entities_in.name,
        entities_in.type,
        other_entities.name as other_name,
        other_entities.type as other_type,
        -- counts
        pairs.n_articles
    from pairs
    inner join entities_in using (entity_id)
    inner join entities_in as other_entities
        on pairs.other_entity_id = other_entities.entity_id
)

select * from final;
