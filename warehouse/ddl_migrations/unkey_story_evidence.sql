-- story_evidence without its primary key, for a warehouse made before the key was dropped (see
-- warehouse/ddl/67_story_evidence.sql): the table is copied, the copy takes its name and its not-null columns
create table story_evidence_unkeyed as select * from story_evidence;
drop table story_evidence;
alter table story_evidence_unkeyed rename to story_evidence;
alter table story_evidence alter column article_id set not null;
alter table story_evidence alter column story_id set not null;
alter table story_evidence alter column evidence_kind set not null;
