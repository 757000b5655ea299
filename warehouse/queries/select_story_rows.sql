-- one row per story touched by this load, recomputed from its articles; key story_id.
-- A story's title is the title of the article that started it, else its earliest-published title;
-- a source is a publisher, or the wire agency when the page names no publisher.
with

touched as (
    select distinct story_id
    from staged_touched_stories
),

members as (
    select articles.*
    from articles
    inner join touched using (story_id)
),

final as (
    select
        -- ids
        story_id,
        -- text
        coalesce(
            any_value(title) filter (where 'story-' || article_id = story_id),
            arg_min(title, published_at) filter (where title is not null),
            min(title)
        ) as title,
        -- timestamps
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        -- counts
        count(*)::integer as n_articles,
        count(distinct coalesce(publisher, agency))::integer as n_publishers,
        count(*) filter (where is_original)::integer as n_independent
    from members
    group by story_id
)

select * from final
order by story_id;
