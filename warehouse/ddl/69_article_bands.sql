-- LSH index of articles over story terms: one row per article and band; key (article_id, band).
-- A new article's candidates are the rows sharing one of its (band, bucket) pairs.
create table if not exists article_bands (
    article_id varchar not null,
    band smallint not null,
    bucket ubigint not null,
    primary key (article_id, band)
);
