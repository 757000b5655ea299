-- one row per warehouse article found by the LSH lookups (a shared term band, or a paragraph sharing
-- a shingle band), with what linking needs; key article_id. Articles with stored features come
-- with their shingle and term hashes (article_features); shingles and terms are null for the others
with

by_terms as (
    select article_id
    from staged_matching_article_bands
),

-- distinct first: a join hands its keys to the other side's scan only when it has at most
-- load.DYNAMIC_FILTER_KEYS rows to build from (bench/dedup.py at 100k: 19,000 band rows are ~600
-- paragraphs)
matched_paragraphs as (
    select distinct paragraph_id
    from staged_matching_paragraph_bands
),

-- materialized, so that no other join adds filters to this scan: the candidate paragraph ids then
-- reach it as one IN filter, answered from the paragraph_id index (see select_candidate_paragraphs)
by_paragraphs as materialized (
    select paragraphs.article_id
    from paragraphs
    semi join matched_paragraphs using (paragraph_id)
),

candidates as (
    select article_id from by_terms
    union
    select article_id from by_paragraphs
),

stored as materialized (
    select
        -- ids
        articles.article_id,
        articles.story_id,
        articles.duplicate_of,
        articles.origin_article_id,
        -- no title or body: an article without stored features (loaded before article_features
        -- existed) has its text read by select_candidate_texts. Named here, the two columns were
        -- read for every row of the scan: 0.13-0.15 s of 0.35 per batch at 308,288 articles (100k pages)
        articles.agency,
        -- features
        article_features.shingles,
        article_features.terms,
        -- timestamps
        pages.ingested_at as seen_at
    -- the candidate ids reach the articles and article_features scans as IN filters, answered from
    -- their primary keys
    from articles
    inner join candidates using (article_id)
    left join article_features using (article_id)
    left join pages
        on articles.page_id = pages.page_id
        and pages.status = 'loaded'
    qualify row_number() over (partition by articles.article_id order by pages.ingested_at) = 1
),

-- a story merged earlier in this load is read as the story it went into (stories.story_aliases)
final as (
    select stored.* replace (coalesce(staged_story_aliases.into_story_id, stored.story_id) as story_id)
    from stored
    left join staged_story_aliases
        on stored.story_id = staged_story_aliases.merged_story_id
)

select * from final
order by article_id;
