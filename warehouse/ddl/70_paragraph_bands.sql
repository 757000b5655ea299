-- LSH index of paragraphs over word shingles: one row per banded paragraph and band; key (paragraph_id, band).
-- Not banded (flows/stories.py): paragraphs under MIN_SHARED_SHINGLES shingles, and exact copies of a
-- paragraph its story already holds MAX_PER_STORY times with band rows.
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists paragraph_bands (
    paragraph_id varchar not null,
    band smallint not null,
    bucket ubigint not null
);
