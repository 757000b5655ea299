-- LSH index of paragraphs over word shingles: one row per paragraph and band; key (paragraph_id, band)
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists paragraph_bands (
    paragraph_id varchar not null,
    band smallint not null,
    bucket ubigint not null
);
