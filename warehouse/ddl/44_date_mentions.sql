-- one row per date expression in an article body; key (article_id, start_char)
-- value is ISO 8601, possibly truncated ("2001", "2025-08"), yearless ("--08-15") or open at the
-- start ("../2012-03": "a few months ago") or end ("2012-03-15/..": "in the coming weeks")
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists date_mentions (
    article_id varchar not null,
    surface varchar not null,
    start_char integer not null,
    end_char integer not null,
    value varchar not null,
    date_start date,
    date_end date,
    precision varchar not null,
    rule varchar not null
);
