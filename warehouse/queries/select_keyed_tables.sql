-- which of the given tables still declare a primary key (a warehouse made before it was dropped)
select distinct table_name
from duckdb_constraints()
where constraint_type = 'PRIMARY KEY'
    and list_contains($tables, table_name)
order by table_name;
