-- date_mentions without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/44_date_mentions.sql): the table is copied, the copy takes its name and its not-null columns
create table date_mentions_unkeyed as select * from date_mentions;
drop table date_mentions;
alter table date_mentions_unkeyed rename to date_mentions;
alter table date_mentions alter column article_id set not null;
alter table date_mentions alter column surface set not null;
alter table date_mentions alter column start_char set not null;
alter table date_mentions alter column end_char set not null;
alter table date_mentions alter column value set not null;
alter table date_mentions alter column precision set not null;
alter table date_mentions alter column rule set not null;
