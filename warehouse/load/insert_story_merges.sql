-- records the stories merged by this run
insert or replace into story_merges by name
select * from staged_story_merges;
