-- DuckDB's memory cap of this connection ($limit: a size as DuckDB reads it, "393216KiB")
set memory_limit = $limit;
