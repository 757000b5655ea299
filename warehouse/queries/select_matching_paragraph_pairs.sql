-- the LSH lookup for paragraphs: one row per (staged paragraph, warehouse paragraph) pair sharing a
-- (band, bucket), the warehouse paragraph among those kept; key (staged_paragraph_id, paragraph_id).
-- Each staged paragraph keeps at most $max_per_story warehouse paragraphs of each story (the story
-- of the paragraph's article), then at most $max_candidates in all: those sharing the most bands
-- (then the lowest paragraph_id); a warehouse paragraph kept for one staged paragraph is paired with
-- every staged paragraph it shares a band with. A paragraph reprinted in every copy of a story is read
-- a bounded number of times. One scan of the band table: the matching rows are kept and ranked, not
-- looked up twice.
with

matches as (
    select
        staged_paragraph_bands.paragraph_id as staged_paragraph_id,
        paragraph_bands.paragraph_id,
        paragraph_bands.is_root
    from staged_paragraph_bands
    inner join paragraph_bands using (band, bucket)
),

shared as (
    select
        staged_paragraph_id,
        paragraph_id,
        count(*) as n_shared_bands
    from matches
    group by staged_paragraph_id, paragraph_id
),

-- each matched paragraph's article (its id without the paragraph number, $owner) and whether it is
-- the root of its text, as its band rows store it: the paragraphs table is not read (it was the
-- biggest scan of this query, 0.15 of 0.39 s CPU at 100k pages)
owners as (
    select
        paragraph_id,
        regexp_replace(paragraph_id, $owner, '') as article_id,
        bool_and(is_root) as is_root
    from matches
    group by paragraph_id
),

-- the story of each matched paragraph's article (materialized, so that the distinct ids reach the
-- articles scan as an IN filter when there are at most load.DYNAMIC_FILTER_KEYS)
owner_ids as (
    select distinct article_id
    from owners
),

stored_owner_stories as materialized (
    select
        articles.article_id,
        articles.story_id
    from articles
    inner join owner_ids using (article_id)
),

-- a story merged earlier in this load is read as the story it went into (stories.story_aliases)
owner_stories as (
    select
        stored_owner_stories.article_id,
        coalesce(staged_story_aliases.into_story_id, stored_owner_stories.story_id) as story_id
    from stored_owner_stories
    left join staged_story_aliases
        on stored_owner_stories.story_id = staged_story_aliases.merged_story_id
),

stories_of as (
    select
        owners.paragraph_id,
        owners.is_root,
        owner_stories.story_id
    from owners
    inner join owner_stories using (article_id)
),

-- at most $max_per_story representatives per staged paragraph and story: those sharing the most
-- bands (a near-copy shares most of the 32 bands)
representatives as (
    select
        shared.staged_paragraph_id,
        shared.paragraph_id,
        shared.n_shared_bands
    from shared
    inner join stories_of using (paragraph_id)
    qualify row_number() over (
        partition by shared.staged_paragraph_id, stories_of.story_id
        order by shared.n_shared_bands desc, stories_of.is_root desc, shared.paragraph_id
    ) <= $max_per_story
),

ranked as (
    select
        paragraph_id,
        row_number() over (
            partition by staged_paragraph_id
            order by n_shared_bands desc, paragraph_id
        ) as candidate_rank
    from representatives
),

kept as (
    select distinct paragraph_id
    from ranked
    where candidate_rank <= $max_candidates
),

-- every (staged paragraph, kept warehouse paragraph) pair sharing a band: the pairs whose shingles
-- linking compares (dedup.candidate_pairs)
final as (
    select
        shared.staged_paragraph_id,
        shared.paragraph_id
    from shared
    semi join kept using (paragraph_id)
)

-- in no particular order: every use is a join or a set
select * from final;
