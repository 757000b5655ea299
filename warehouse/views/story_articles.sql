-- one row per article in a story, with why it is there; key article_id.
-- score: term Jaccard with matched_article_id (the strongest edge to an earlier-seen member);
-- evidence: the shared terms, or the shingle Jaccard of a near-copy; founded_story for the first.
create or replace view story_articles as

with

final as (
    select
        -- ids
        stories.story_id,
        articles.article_id,
        story_evidence.matched_article_id,
        articles.duplicate_of,
        articles.origin_article_id,
        -- text
        stories.title as story_title,
        articles.title,
        coalesce(articles.publisher, articles.agency) as source,
        story_evidence.evidence_kind,
        story_evidence.evidence,
        -- scores
        story_evidence.score,
        story_evidence.shingle_jaccard,
        -- flags
        articles.is_original,
        -- timestamps
        articles.published_at
    from articles
    inner join stories using (story_id)
    left join story_evidence using (article_id)
)

select * from final;
