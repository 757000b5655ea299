-- articles.duplicate_of: the earliest-seen article this one reprints (shingle Jaccard above
-- stories.ARTICLE_DUPLICATE); null for an original
alter table articles add column if not exists duplicate_of varchar;
