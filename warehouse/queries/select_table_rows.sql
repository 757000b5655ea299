-- one row: a table's row count as DuckDB keeps it (its estimate; exact for tables without deletes),
-- read without scanning the table; key table_name
select estimated_size as n_rows
from duckdb_tables()
where
    schema_name = 'main'
    and table_name = $table_name;
