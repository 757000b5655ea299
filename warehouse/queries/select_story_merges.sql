-- every recorded story merge (this load's too); key merged_story_id
select
    merged_story_id,
    into_story_id
from story_merges
order by merged_story_id;
