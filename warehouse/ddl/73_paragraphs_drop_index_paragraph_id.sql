-- No ART index on paragraphs.paragraph_id. One was made here for the link stage's candidate reads
-- by paragraph_id; DuckDB holds an ART index in memory whole once it is used (it is not evicted)
-- and it grows with the warehouse (80 MB at 1.5M paragraphs), so a long load committed and
-- reopened after every batch to stay under its memory cap (bench/BENCHMARKS.md, "No indexes that
-- grow with the warehouse"). A warehouse made while it existed loses it here.
drop index if exists paragraphs_paragraph_id;
