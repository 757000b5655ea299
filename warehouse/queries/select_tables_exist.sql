-- which of the named tables ($tables) exist in the warehouse
select table_name
from information_schema.tables
where table_schema = 'main'
    and list_contains($tables, table_name)
order by table_name;
