-- appends the validated rows staged for this run
insert or replace into article_features by name
select * from staged_article_features;
