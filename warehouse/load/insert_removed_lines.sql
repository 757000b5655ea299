-- appends the validated rows staged for this run
insert or replace into removed_lines by name
select * from staged_removed_lines;
