-- rows the article band index holds for each band key of the staged articles (keys it holds no row
-- of are left out); key (band, bucket). The load stores a staged band row only while its key has
-- fewer than stories.MAX_ROWS_PER_BAND_KEY rows. In no particular order (stories.within_key_rows sorts).
select
    article_bands.band,
    article_bands.bucket,
    count(*) as n_rows
from article_bands
semi join staged_article_bands using (band, bucket)
group by article_bands.band, article_bands.bucket;
