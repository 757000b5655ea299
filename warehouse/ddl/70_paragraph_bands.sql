-- LSH index of paragraphs over word shingles: one row per banded paragraph and band; key (paragraph_id, band).
-- Not banded (flows/stories.py): paragraphs under MIN_SHARED_SHINGLES shingles, and exact copies of a
-- paragraph its story already holds MAX_PER_STORY times with band rows. A (band, bucket) keeps at most
-- MAX_ROWS_PER_BAND_KEY rows, the first that reached it.
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists paragraph_bands (
    paragraph_id varchar not null,
    band smallint not null,
    bucket ubigint not null
);
