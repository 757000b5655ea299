-- appends the validated rows staged for this run
insert or replace into pages by name
select * from staged_pages;
