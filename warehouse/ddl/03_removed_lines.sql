-- one row per line removed by cleaning; key (page_id, line_no)
create table if not exists removed_lines (
    page_id varchar not null,
    line_no integer not null,
    text varchar not null,
    rule varchar not null,
    primary key (page_id, line_no)
);
