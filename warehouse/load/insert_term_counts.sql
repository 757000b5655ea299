-- adds the staged per-term article counts (negative for articles being replaced or pruned); key feature
insert into term_counts (feature, n_articles)
select
    staged_term_counts.feature,
    staged_term_counts.n_articles
from staged_term_counts
on conflict (feature) do update set n_articles = term_counts.n_articles + excluded.n_articles;
