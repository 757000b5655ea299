-- the rows of every story this load touched (recomputed by select_story_rows and insert_stories)
delete from stories
where story_id in (select story_id from staged_touched_stories);
