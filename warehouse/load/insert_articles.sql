-- appends the validated rows staged for this run
insert or replace into articles by name
select * from staged_articles;
