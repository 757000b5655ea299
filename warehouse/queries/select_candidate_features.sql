-- the stored features (article_features) of the candidate articles (staged_candidate_articles, see
-- select_candidate_articles), read on their own so that the scan or index lookups of this table
-- (load_stories.read_candidates) are chosen by its own size; key article_id. Candidates without a row
-- here (loaded before article_features existed) are shingled from their text.
select
    article_features.article_id,
    article_features.shingles,
    article_features.terms
from article_features
semi join staged_candidate_articles using (article_id)
order by article_features.article_id;
