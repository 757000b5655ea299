-- drops the merge records of stories that keep their articles: the lowest story of a cycle of
-- merges an older version of the load recorded (stories.story_aliases)
delete from story_merges
where merged_story_id in (
    select merged_story_id
    from staged_unapplied_story_merges
);
