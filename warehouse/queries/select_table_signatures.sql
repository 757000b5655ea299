-- one row per exported table: its row count and an order-independent hash of its rows; equal
-- signatures mean equal contents, so an export that is already current is not rewritten
select 'pages' as table_name, count(*) as n_rows, coalesce(sum(hash(pages)), 0) as row_hash from pages
union all
select 'removed_lines', count(*), coalesce(sum(hash(removed_lines)), 0) from removed_lines
union all
select 'articles', count(*), coalesce(sum(hash(articles)), 0) from articles
union all
select 'paragraphs', count(*), coalesce(sum(hash(paragraphs)), 0) from paragraphs
union all
select 'quarantine', count(*), coalesce(sum(hash(quarantine)), 0) from quarantine
union all
select 'runs', count(*), coalesce(sum(hash(runs)), 0) from runs;
