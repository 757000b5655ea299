-- DuckDB's memory cap of this connection, as a DuckDB memory size ("512.0 MiB", "536870912 bytes").
set memory_limit = ?;
