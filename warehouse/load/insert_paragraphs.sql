-- appends the validated rows staged for this run
insert or replace into paragraphs by name
select * from staged_paragraphs;
