-- paragraphs without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/05_paragraphs.sql): the table is copied, the copy takes its name and its not-null columns
create table paragraphs_unkeyed as select * from paragraphs;
drop table paragraphs;
alter table paragraphs_unkeyed rename to paragraphs;
alter table paragraphs alter column article_id set not null;
alter table paragraphs alter column paragraph_no set not null;
alter table paragraphs alter column text set not null;
