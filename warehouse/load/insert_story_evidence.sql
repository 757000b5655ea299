-- appends the validated rows staged for this run
insert or replace into story_evidence by name
select * from staged_story_evidence;
