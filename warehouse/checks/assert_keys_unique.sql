-- keys of the tables that declare none (see flows/load.UNKEYED_TABLES); expect none
select 'removed_lines' as table_name, page_id || '|' || line_no as row_key, count(*) as n
from removed_lines group by page_id, line_no having count(*) > 1
union all
select 'paragraphs', article_id || '|' || paragraph_no, count(*)
from paragraphs group by article_id, paragraph_no having count(*) > 1
union all
select 'mentions', article_id || '|' || start_char, count(*)
from mentions group by article_id, start_char having count(*) > 1
union all
select 'date_mentions', article_id || '|' || start_char, count(*)
from date_mentions group by article_id, start_char having count(*) > 1
union all
select 'article_bands', article_id || '|' || band, count(*)
from article_bands group by article_id, band having count(*) > 1
union all
select 'paragraph_bands', paragraph_id || '|' || band, count(*)
from paragraph_bands group by paragraph_id, band having count(*) > 1
union all
select 'paragraph_overlaps', paragraph_id || '|' || overlaps_paragraph_id, count(*)
from paragraph_overlaps group by paragraph_id, overlaps_paragraph_id having count(*) > 1
union all
select 'pages', source_path, count(*)
from pages group by source_path having count(*) > 1
union all
select 'articles', article_id, count(*)
from articles group by article_id having count(*) > 1
union all
select 'article_features', article_id, count(*)
from article_features group by article_id having count(*) > 1
union all
select 'story_evidence', article_id, count(*)
from story_evidence group by article_id having count(*) > 1
union all
select 'quotes', quote_id, count(*)
from quotes group by quote_id having count(*) > 1
union all
select 'search_documents', article_id, count(*)
from search_documents group by article_id having count(*) > 1;
