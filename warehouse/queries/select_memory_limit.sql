-- DuckDB's memory cap of this connection, as DuckDB writes it ("953.6 MiB")
select current_setting('memory_limit') as memory_limit;
