-- one row per warehouse paragraph found by the LSH lookup, with what linking needs; key paragraph_id
with

candidates as (
    select distinct paragraph_id
    from staged_matching_paragraph_bands
),

final as (
    select
        -- ids
        paragraphs.paragraph_id,
        paragraphs.duplicate_of,
        -- text
        paragraphs.text,
        -- timestamps
        pages.ingested_at as seen_at
    from paragraphs
    inner join candidates using (paragraph_id)
    inner join articles using (article_id)
    left join pages
        on articles.page_id = pages.page_id
        and pages.status = 'loaded'
    qualify row_number() over (partition by paragraphs.paragraph_id order by pages.ingested_at) = 1
)

select * from final
order by paragraph_id;
