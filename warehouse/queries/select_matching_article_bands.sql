-- the LSH lookup for articles: one row per warehouse article band sharing a (band, bucket) with the
-- staged batch; key (article_id, band). A hash join on the small staged side.
select
    article_bands.article_id,
    article_bands.band,
    article_bands.bucket
from article_bands
semi join staged_article_bands using (band, bucket)
order by article_bands.article_id, article_bands.band;
