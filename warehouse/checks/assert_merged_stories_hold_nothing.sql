-- articles, stories and story evidence still under a story recorded as merged into another (its
-- rows move to the story it went into); expect none
with

merged as (
    select merged_story_id as story_id
    from story_merges
),

held as (
    select 'articles' as table_name, article_id as row_key, story_id
    from articles
    union all
    select 'stories' as table_name, story_id as row_key, story_id
    from stories
    union all
    select 'story_evidence' as table_name, article_id as row_key, story_id
    from story_evidence
)

select held.table_name, held.row_key, held.story_id
from held
semi join merged using (story_id);
