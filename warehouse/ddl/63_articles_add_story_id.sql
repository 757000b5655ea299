-- articles.story_id: the story cluster the article belongs to (key of stories)
alter table articles add column if not exists story_id varchar;
