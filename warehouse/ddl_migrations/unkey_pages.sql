-- pages without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/02_pages.sql): the table is copied, the copy takes its name and its not-null columns
create table pages_unkeyed as select * from pages;
drop table pages;
alter table pages_unkeyed rename to pages;
alter table pages alter column page_id set not null;
alter table pages alter column source_path set not null;
alter table pages alter column bytes set not null;
alter table pages alter column ingested_at set not null;
alter table pages alter column status set not null;
alter table pages alter column n_lines set not null;
alter table pages alter column n_removed_lines set not null;
alter table pages alter column n_articles set not null;
alter table pages alter column run_id set not null;
alter table pages alter column is_deleted set default false;
