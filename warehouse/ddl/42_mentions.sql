-- one row per entity mention in an article body; key (article_id, start_char)
create table if not exists mentions (
    article_id varchar not null,
    entity_id varchar not null,
    surface varchar not null,
    start_char integer not null,
    end_char integer not null,
    role varchar,
    rule varchar not null,
    primary key (article_id, start_char)
);
