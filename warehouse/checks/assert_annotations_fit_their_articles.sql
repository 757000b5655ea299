-- mentions, quotes and date mentions whose article is missing or whose span does not spell their
-- text in articles.body; expect none
with

spans as (
    select 'mentions' as table_name, article_id, start_char, end_char, surface as span_text
    from mentions
    union all
    select 'quotes' as table_name, article_id, start_char, end_char, text as span_text
    from quotes
    union all
    select 'date_mentions' as table_name, article_id, start_char, end_char, surface as span_text
    from date_mentions
)

select spans.table_name, spans.article_id, spans.start_char, spans.span_text
from spans
left join articles using (article_id)
where articles.article_id is null
    or substring(articles.body, spans.start_char + 1, spans.end_char - spans.start_char) <> spans.span_text;
