-- one row per warehouse article found by the LSH lookups (a shared term band, or a paragraph sharing
-- a shingle band), with what linking needs; key article_id. Articles with stored features come
-- with their shingle and term hashes (article_features); shingles and terms are null for the others
with

by_terms as (
    select article_id
    from staged_matching_article_bands
),

-- a paragraph's article is its id without the last dash and number (ddl/64: article_id, a dash,
-- the zero-padded paragraph_no), so the paragraphs table is not read here: with more than
-- load.DYNAMIC_FILTER_KEYS matched paragraphs (most batches) that read was a scan of every
-- paragraph id in the warehouse. The matched rows exist: select_matching_paragraph_bands keeps only
-- paragraphs it found in that table.
by_paragraphs as (
    select distinct regexp_replace(paragraph_id, '-[0-9]+$', '') as article_id
    from staged_matching_paragraph_bands
),

candidates as (
    select article_id from by_terms
    union
    select article_id from by_paragraphs
),

-- the candidates' own columns (materialized: the candidate ids reach the articles scan as one
-- filter, answered from the primary key when there are at most load.DYNAMIC_FILTER_KEYS of them)
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

-- their stored features, on their own: a join of the candidates' few thousand ids with
-- article_features builds its hash table from those ids. Joined to the articles in the same
-- step, DuckDB built it from article_features instead, every row with its two lists: 0.26 s of
-- 0.31 per batch at 314,479 articles (100k pages)
features as materialized (
    select
        article_features.article_id,
        article_features.shingles,
        article_features.terms
    from article_features
    semi join candidates using (article_id)
),

with_features as (
    select
        stored.article_id,
        stored.story_id,
        stored.duplicate_of,
        stored.origin_article_id,
        stored.agency,
        -- features
        features.shingles,
        features.terms,
        -- timestamps
        pages.ingested_at as seen_at
    from stored
    left join features using (article_id)
    left join pages
        on stored.page_id = pages.page_id
        and pages.status = 'loaded'
    qualify row_number() over (partition by stored.article_id order by pages.ingested_at) = 1
),

-- a story merged earlier in this load is read as the story it went into (stories.story_aliases)
final as (
    select with_features.* replace (coalesce(staged_story_aliases.into_story_id, with_features.story_id) as story_id)
    from with_features
    left join staged_story_aliases
        on with_features.story_id = staged_story_aliases.merged_story_id
)

select * from final
order by article_id;
