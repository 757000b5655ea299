-- removed_lines without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/03_removed_lines.sql): the table is copied, the copy takes its name and its not-null columns
create table removed_lines_unkeyed as select * from removed_lines;
drop table removed_lines;
alter table removed_lines_unkeyed rename to removed_lines;
alter table removed_lines alter column page_id set not null;
alter table removed_lines alter column line_no set not null;
alter table removed_lines alter column text set not null;
alter table removed_lines alter column rule set not null;
