-- appends the validated rows staged for this run
insert into quarantine by name
select * from staged_quarantine;
