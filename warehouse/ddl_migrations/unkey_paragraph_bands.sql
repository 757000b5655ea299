-- paragraph_bands without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/70_paragraph_bands.sql): the table is copied, the copy takes its name and its not-null columns
create table paragraph_bands_unkeyed as select * from paragraph_bands;
drop table paragraph_bands;
alter table paragraph_bands_unkeyed rename to paragraph_bands;
alter table paragraph_bands alter column paragraph_id set not null;
alter table paragraph_bands alter column band set not null;
alter table paragraph_bands alter column bucket set not null;
