-- one row per story merged into another (its articles moved); key merged_story_id
create table if not exists story_merges (
    merged_story_id varchar primary key,
    into_story_id varchar not null,
    article_id varchar,
    run_id varchar not null
);
