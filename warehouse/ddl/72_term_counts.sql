-- document frequency of story terms: one row per term hash; key feature. n_articles is how many
-- articles in the warehouse have the term (added when articles are loaded, subtracted when they are
-- replaced or pruned). Terms in too many articles are left out of the term bands (flows/dedup.py).
create table if not exists term_counts (
    feature ubigint not null,
    n_articles bigint not null,
    primary key (feature)
);
