-- appends the validated rows staged for this run
insert into date_mentions by name
select * from staged_date_mentions;
