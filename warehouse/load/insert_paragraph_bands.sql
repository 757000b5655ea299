-- appends the validated rows staged for this run
insert into paragraph_bands by name
select * from staged_paragraph_bands;
