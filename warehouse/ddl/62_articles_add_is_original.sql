-- articles.is_original: origin_article_id = article_id; counts independent sources
alter table articles add column if not exists is_original boolean;
