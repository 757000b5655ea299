-- which of the given (table, column) names, written 'table.column', an existing table lacks (a
-- warehouse made before the column was added: its rows need a backfill once)
select distinct columns_wanted.name
from unnest($columns) as columns_wanted (name)
inner join information_schema.tables
    on information_schema.tables.table_name = split_part(columns_wanted.name, '.', 1)
where not exists (
    select 1
    from information_schema.columns
    where information_schema.columns.table_name = split_part(columns_wanted.name, '.', 1)
        and information_schema.columns.column_name = split_part(columns_wanted.name, '.', 2)
)
order by columns_wanted.name;
