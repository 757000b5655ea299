-- one row per line removed by cleaning; key (page_id, line_no)
-- The key is not declared (an index the load would maintain and never use): the load keeps it
-- unique and warehouse/checks/assert_keys_unique.sql checks it.
create table if not exists removed_lines (
    page_id varchar not null,
    line_no integer not null,
    text varchar not null,
    rule varchar not null
);
