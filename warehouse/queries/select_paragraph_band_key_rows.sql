-- rows the paragraph band index holds for each band key of the staged paragraphs (keys it holds no row
-- of are left out); key (band, bucket). The load stores a staged band row only while its key has
-- fewer than stories.MAX_ROWS_PER_BAND_KEY rows. In no particular order (stories.within_key_rows sorts).
select
    paragraph_bands.band,
    paragraph_bands.bucket,
    count(*) as n_rows
from paragraph_bands
semi join staged_paragraph_bands using (band, bucket)
group by paragraph_bands.band, paragraph_bands.bucket;
