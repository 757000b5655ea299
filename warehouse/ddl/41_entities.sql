-- one row per real-world person, organisation or place across the whole warehouse; key entity_id
-- (first 16 hex of sha256 of "<type>|<spelling-insensitive key of the canonical name>")
create table if not exists entities (
    entity_id varchar primary key,
    name varchar not null,
    type varchar not null,
    country_code varchar,
    latitude double,
    longitude double,
    name_key varchar not null
);
