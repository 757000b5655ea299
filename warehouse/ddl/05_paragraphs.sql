-- one row per paragraph of an article body; key (article_id, paragraph_no)
create table if not exists paragraphs (
    article_id varchar not null,
    paragraph_no integer not null,
    text varchar not null,
    primary key (article_id, paragraph_no)
);
