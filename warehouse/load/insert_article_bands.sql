-- appends the validated rows staged for this run
insert into article_bands by name
select * from staged_article_bands;
