-- appends the validated, recomputed rows of the stories this load touched
insert or replace into stories by name
select * from staged_stories;
