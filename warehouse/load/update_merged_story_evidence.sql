-- moves the evidence rows of a merged story into the story it was merged into
update story_evidence
set story_id = staged_story_merges.into_story_id
from staged_story_merges
where story_evidence.story_id = staged_story_merges.merged_story_id;
