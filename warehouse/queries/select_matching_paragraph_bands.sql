-- the LSH lookup for paragraphs: one row per warehouse paragraph band sharing a (band, bucket) with
-- a staged paragraph; key (paragraph_id, band). Each staged paragraph keeps at most
-- $max_candidates warehouse paragraphs, those sharing the most bands (then the lowest paragraph_id):
-- a paragraph reprinted on thousands of pages is read a bounded number of times. One scan of the
-- band table: the matching rows are kept and ranked, not looked up twice.
with

matches as (
    select
        staged_paragraph_bands.paragraph_id as staged_paragraph_id,
        paragraph_bands.paragraph_id,
        paragraph_bands.band,
        paragraph_bands.bucket
    from staged_paragraph_bands
    inner join paragraph_bands using (band, bucket)
),

shared as (
    select
        staged_paragraph_id,
        paragraph_id,
        count(*) as n_shared_bands
    from matches
    group by staged_paragraph_id, paragraph_id
),

ranked as (
    select
        paragraph_id,
        row_number() over (
            partition by staged_paragraph_id
            order by n_shared_bands desc, paragraph_id
        ) as candidate_rank
    from shared
),

kept as (
    select distinct paragraph_id
    from ranked
    where candidate_rank <= $max_candidates
),

final as (
    select distinct
        matches.paragraph_id,
        matches.band,
        matches.bucket
    from matches
    semi join kept using (paragraph_id)
)

select * from final
order by paragraph_id, band;
