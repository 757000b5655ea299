-- LSH index of paragraphs over word shingles: one row per paragraph and band; key (paragraph_id, band)
create table if not exists paragraph_bands (
    paragraph_id varchar not null,
    band smallint not null,
    bucket ubigint not null,
    primary key (paragraph_id, band)
);
