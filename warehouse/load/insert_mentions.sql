-- appends the validated rows staged for this run
insert or replace into mentions by name
select * from staged_mentions;
