-- appends the validated rows staged for this run
insert into paragraph_overlaps by name
select * from staged_paragraph_overlaps;
