-- the stored features (article_features) of the candidate articles (staged_candidate_articles, see
-- select_candidate_articles), read on their own so that the candidate ids reach this table's scan
-- as an IN filter too; key article_id. Candidates without a row
-- here (loaded before article_features existed) are shingled from their text.
select
    article_features.article_id,
    article_features.shingles,
    article_features.terms
from article_features
semi join staged_candidate_articles using (article_id)
order by article_features.article_id;
