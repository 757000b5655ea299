-- one row per warehouse article found by the LSH lookups (a shared term band, or a paragraph sharing
-- a shingle band), with what linking needs but its stored features (select_candidate_features);
-- key article_id
with

-- the candidate ids (load_stories.match_batch): the articles of the matched term bands and of the
-- matched paragraphs
candidates as (
    select article_id
    from staged_candidate_articles
),

-- the candidates' own columns (materialized: the candidate ids reach the articles scan as one
-- IN filter when there are at most load.DYNAMIC_FILTER_KEYS of them)
stored as materialized (
    select
        -- ids
        articles.article_id,
        articles.page_id,
        articles.story_id,
        articles.duplicate_of,
        articles.origin_article_id,
        -- no title or body: an article without stored features (loaded before article_features
        -- existed) has its text read by select_candidate_texts. Named here, the two columns were
        -- read for every row of the scan: 0.13-0.15 s of 0.35 per batch at 308,288 articles (100k pages)
        articles.agency
    from articles
    inner join candidates using (article_id)
),

with_pages as (
    select
        stored.article_id,
        stored.story_id,
        stored.duplicate_of,
        stored.origin_article_id,
        stored.agency,
        -- timestamps
        pages.ingested_at as seen_at
    from stored
    left join pages
        on stored.page_id = pages.page_id
        and pages.status = 'loaded'
    qualify row_number() over (partition by stored.article_id order by pages.ingested_at) = 1
),

-- a story merged earlier in this load is read as the story it went into (stories.story_aliases)
final as (
    select with_pages.* replace (coalesce(staged_story_aliases.into_story_id, with_pages.story_id) as story_id)
    from with_pages
    left join staged_story_aliases
        on with_pages.story_id = staged_story_aliases.merged_story_id
)

select * from final
order by article_id;
