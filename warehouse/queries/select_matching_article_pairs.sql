-- the LSH lookup for articles: one row per (staged article, warehouse article) pair sharing a
-- (band, bucket) of story terms, the warehouse article among those kept; key (staged_article_id,
-- article_id). Each staged article keeps at most $max_per_story warehouse articles of each story,
-- then at most $max_candidates in all: those sharing the most bands (then the lowest article_id); a
-- warehouse article kept for one staged article is paired with every staged article it shares a band
-- with. The rows read per new article are then bounded by the stories it touches, however many
-- copies and rewrites each story has or the warehouse holds. One scan of the band table: the
-- matching rows are kept and ranked, not looked up twice.
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

-- the story of each matched article (materialized, so that the distinct ids reach the articles
-- scan as one IN filter)
matched_ids as (
    select distinct article_id
    from shared
),

stored_stories as materialized (
    select
        articles.article_id,
        articles.story_id,
        articles.duplicate_of is null as is_root
    from articles
    inner join matched_ids using (article_id)
),

-- a story merged earlier in this load is read as the story it went into (stories.story_aliases)
stories_of as (
    select
        stored_stories.article_id,
        coalesce(staged_story_aliases.into_story_id, stored_stories.story_id) as story_id,
        stored_stories.is_root
    from stored_stories
    left join staged_story_aliases
        on stored_stories.story_id = staged_story_aliases.merged_story_id
),

-- at most $max_per_story representatives per staged article and story: those sharing the most
-- bands. A near-copy shares most of the 16 bands with the new article, so it ranks first in its
-- story; the other members of the story are already linked to it (same story_id) and add no
-- decision (flows/stories.py)
representatives as (
    select
        shared.staged_article_id,
        shared.article_id,
        shared.n_shared_bands
    from shared
    inner join stories_of using (article_id)
    qualify row_number() over (
        partition by shared.staged_article_id, stories_of.story_id
        order by shared.n_shared_bands desc, stories_of.is_root desc, shared.article_id
    ) <= $max_per_story
),

ranked as (
    select
        article_id,
        row_number() over (
            partition by staged_article_id
            order by n_shared_bands desc, article_id
        ) as candidate_rank
    from representatives
),

kept as (
    select distinct article_id
    from ranked
    where candidate_rank <= $max_candidates
),

-- every (staged article, kept warehouse article) pair sharing a band: the pairs whose terms and
-- shingles linking compares (dedup.candidate_pairs)
final as (
    select
        shared.staged_article_id,
        shared.article_id
    from shared
    semi join kept using (article_id)
)

-- in no particular order: every use is a join or a set
select * from final;
