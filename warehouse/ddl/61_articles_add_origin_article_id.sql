-- articles.origin_article_id: the article this text originates from (a reprint's original, or the
-- earliest-seen article of the same wire agency in its story); the article itself for an original
alter table articles add column if not exists origin_article_id varchar;
