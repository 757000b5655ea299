-- moves the articles of a merged story into the story it was merged into
update articles
set story_id = staged_story_merges.into_story_id
from staged_story_merges
where articles.story_id = staged_story_merges.merged_story_id;
