-- article_features without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/74_article_features.sql): the table is copied, the copy takes its name and its not-null columns
create table article_features_unkeyed as select * from article_features;
drop table article_features;
alter table article_features_unkeyed rename to article_features;
alter table article_features alter column article_id set not null;
alter table article_features alter column shingles set not null;
alter table article_features alter column terms set not null;
