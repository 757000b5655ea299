-- article_bands without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/69_article_bands.sql): the table is copied, the copy takes its name and its not-null columns
create table article_bands_unkeyed as select * from article_bands;
drop table article_bands;
alter table article_bands_unkeyed rename to article_bands;
alter table article_bands alter column article_id set not null;
alter table article_bands alter column band set not null;
alter table article_bands alter column bucket set not null;
