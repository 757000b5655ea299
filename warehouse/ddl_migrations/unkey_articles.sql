-- articles without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/04_articles.sql): the table is copied, the copy takes its name and its not-null columns
create table articles_unkeyed as select * from articles;
drop table articles;
alter table articles_unkeyed rename to articles;
alter table articles alter column article_id set not null;
alter table articles alter column page_id set not null;
alter table articles alter column position set not null;
alter table articles alter column is_main set not null;
alter table articles alter column body set not null;
alter table articles alter column n_paragraphs set not null;
alter table articles alter column n_words set not null;
alter table articles alter column content_hash set not null;
