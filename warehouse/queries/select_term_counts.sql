-- one row per staged story term already counted in the warehouse, with the number of warehouse
-- articles that have it; key feature
select
    term_counts.feature,
    term_counts.n_articles
from term_counts
semi join staged_term_features using (feature)
order by term_counts.feature;
