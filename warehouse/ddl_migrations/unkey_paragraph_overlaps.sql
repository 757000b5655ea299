-- paragraph_overlaps without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/71_paragraph_overlaps.sql): the table is copied, the copy takes its name and its not-null columns
create table paragraph_overlaps_unkeyed as select * from paragraph_overlaps;
drop table paragraph_overlaps;
alter table paragraph_overlaps_unkeyed rename to paragraph_overlaps;
alter table paragraph_overlaps alter column paragraph_id set not null;
alter table paragraph_overlaps alter column overlaps_paragraph_id set not null;
alter table paragraph_overlaps alter column n_shared_shingles set not null;
alter table paragraph_overlaps alter column jaccard set not null;
alter table paragraph_overlaps alter column containment set not null;
alter table paragraph_overlaps alter column is_near_copy set not null;
