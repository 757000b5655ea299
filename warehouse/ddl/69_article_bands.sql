-- LSH index of articles over story terms: one row per article and band; key (article_id, band).
-- A new article's candidates are the rows sharing one of its (band, bucket) pairs. A (band, bucket)
-- keeps at most MAX_ROWS_PER_BAND_KEY rows (flows/stories.py), the first that reached it.
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists article_bands (
    article_id varchar not null,
    band smallint not null,
    bucket ubigint not null
);
