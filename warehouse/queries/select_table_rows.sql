-- one row per table of the warehouse: its row count as DuckDB keeps it (its estimate; exact for
-- tables without deletes), read without scanning any table; key table_name
select
    table_name,
    estimated_size as n_rows
from duckdb_tables()
where schema_name = 'main';
