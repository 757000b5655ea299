-- quotes without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/43_quotes.sql): the table is copied, the copy takes its name and its not-null columns
create table quotes_unkeyed as select * from quotes;
drop table quotes;
alter table quotes_unkeyed rename to quotes;
alter table quotes alter column quote_id set not null;
alter table quotes alter column article_id set not null;
alter table quotes alter column text set not null;
alter table quotes alter column start_char set not null;
alter table quotes alter column end_char set not null;
alter table quotes alter column rule set not null;
