-- appends the validated rows staged for this run
insert into removed_lines by name
select * from staged_removed_lines;
