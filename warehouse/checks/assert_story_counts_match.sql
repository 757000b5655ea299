-- stories whose n_articles disagrees with the articles that carry their story_id (should be none)
with

counted as (
    select
        story_id,
        count(*) as n_articles
    from articles
    group by story_id
),

final as (
    select
        stories.story_id,
        stories.n_articles as recorded,
        counted.n_articles as counted
    from stories
    full outer join counted using (story_id)
    where stories.n_articles is distinct from counted.n_articles
)

select * from final;
