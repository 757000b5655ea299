-- mentions without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/42_mentions.sql): the table is copied, the copy takes its name and its not-null columns
create table mentions_unkeyed as select * from mentions;
drop table mentions;
alter table mentions_unkeyed rename to mentions;
alter table mentions alter column article_id set not null;
alter table mentions alter column entity_id set not null;
alter table mentions alter column surface set not null;
alter table mentions alter column start_char set not null;
alter table mentions alter column end_char set not null;
alter table mentions alter column rule set not null;
