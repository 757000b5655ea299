-- the first key that occurs twice in a table whose primary key is not declared because its index
-- would grow with the warehouse (flows/load.GROWING_TABLES); checked before the load commits, so a
-- key loaded twice fails the run as the declared key did. Expect no row.
with duplicates as (
    select 'pages' as table_name, source_path as row_key
    from pages group by source_path having count(*) > 1
    union all
    select 'articles', article_id
    from articles group by article_id having count(*) > 1
    union all
    select 'article_features', article_id
    from article_features group by article_id having count(*) > 1
    union all
    select 'story_evidence', article_id
    from story_evidence group by article_id having count(*) > 1
    union all
    select 'quotes', quote_id
    from quotes group by quote_id having count(*) > 1
    union all
    select 'search_documents', article_id
    from search_documents group by article_id having count(*) > 1
)

select table_name, row_key
from duplicates
order by table_name, row_key
limit 1;
