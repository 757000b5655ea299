-- the LSH lookup for paragraphs: one row per warehouse paragraph band sharing a (band, bucket) with
-- the staged batch; key (paragraph_id, band)
select
    paragraph_bands.paragraph_id,
    paragraph_bands.band,
    paragraph_bands.bucket
from paragraph_bands
semi join staged_paragraph_bands using (band, bucket)
order by paragraph_bands.paragraph_id, paragraph_bands.band;
