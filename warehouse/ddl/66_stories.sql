-- one row per story cluster; key story_id (story- + the article_id that started it, never renamed)
create table if not exists stories (
    -- ids
    story_id varchar primary key,
    -- text
    title varchar,
    -- timestamps
    first_published_at timestamptz,
    last_published_at timestamptz,
    -- counts
    n_articles integer not null,
    n_publishers integer not null,
    n_independent integer not null
);
