-- appends the validated rows staged for this run
insert or replace into quotes by name
select * from staged_quotes;
