-- DuckDB's memory accounting by tag (ART_INDEX, BASE_TABLE, IN_MEMORY_TABLE, ...), tags in use only
select tag, memory_usage_bytes as bytes
from duckdb_memory()
where memory_usage_bytes > 0
order by bytes desc
