-- one row per paragraph of an article body; key (article_id, paragraph_no)
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists paragraphs (
    article_id varchar not null,
    paragraph_no integer not null,
    text varchar not null
);
