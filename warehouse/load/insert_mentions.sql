-- appends the validated rows staged for this run
insert into mentions by name
select * from staged_mentions;
