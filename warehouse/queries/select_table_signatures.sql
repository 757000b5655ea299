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
select 'runs', count(*), coalesce(sum(hash(runs)), 0) from runs
union all
select 'stories', count(*), coalesce(sum(hash(stories)), 0) from stories
union all
select 'story_evidence', count(*), coalesce(sum(hash(story_evidence)), 0) from story_evidence
union all
select 'story_merges', count(*), coalesce(sum(hash(story_merges)), 0) from story_merges
union all
select 'paragraph_overlaps', count(*), coalesce(sum(hash(paragraph_overlaps)), 0) from paragraph_overlaps
union all
select 'entities', count(*), coalesce(sum(hash(entities)), 0) from entities
union all
select 'mentions', count(*), coalesce(sum(hash(mentions)), 0) from mentions
union all
select 'quotes', count(*), coalesce(sum(hash(quotes)), 0) from quotes
union all
select 'date_mentions', count(*), coalesce(sum(hash(date_mentions)), 0) from date_mentions;
