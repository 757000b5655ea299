-- the schema of the articles full-text index, when it exists; $1 is its name
select schema_name
from information_schema.schemata
where schema_name = $1;
