-- records the run; a failed run is recorded again, outside the failed transaction
insert or replace into runs by name
select * from staged_runs;
