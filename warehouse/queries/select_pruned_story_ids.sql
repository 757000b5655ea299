-- one row per story holding an article of a deleted page that a prune drops; key story_id
select distinct articles.story_id
from articles
where articles.story_id is not null
and articles.page_id in (select page_id from pages where is_deleted)
and articles.page_id not in (select page_id from pages where not is_deleted);
