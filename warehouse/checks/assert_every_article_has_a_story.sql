-- articles without a story, or pointing at a story row that does not exist (should be none)
select
    articles.article_id,
    articles.story_id
from articles
left join stories using (story_id)
where stories.story_id is null;
