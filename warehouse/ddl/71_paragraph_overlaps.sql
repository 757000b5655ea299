-- one row per paragraph and earlier-seen paragraph sharing text; key (paragraph_id, overlaps_paragraph_id)
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists paragraph_overlaps (
    -- ids
    paragraph_id varchar not null,
    overlaps_paragraph_id varchar not null,
    -- overlap of their 5-word shingle sets
    n_shared_shingles integer not null,
    jaccard double not null,
    containment double not null,
    is_near_copy boolean not null
);
