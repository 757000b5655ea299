-- the staged story moves (merged story -> the story it is in now) that still have articles or
-- evidence to move; key merged_story_id
with

held as (
    select distinct story_id
    from articles
    union
    select distinct story_id
    from story_evidence
)

select
    staged_story_merges.merged_story_id,
    staged_story_merges.into_story_id
from staged_story_merges
semi join held
    on staged_story_merges.merged_story_id = held.story_id
order by staged_story_merges.merged_story_id;
