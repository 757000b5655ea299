-- appends the validated rows staged for this run. A plain insert, not an upsert: the load deletes
-- the old rows of every file it loads first (load/delete_*.sql) and a run's keys are unique, so a
-- clash is a bug and fails the run; and DuckDB writes a plain insert's full row groups to the file
-- as they fill, where an upsert keeps every uncommitted row in memory (bench/BENCHMARKS.md).
insert into story_evidence by name
select * from staged_story_evidence;
