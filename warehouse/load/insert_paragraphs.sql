-- appends the validated rows staged for this run
insert into paragraphs by name
select * from staged_paragraphs;
