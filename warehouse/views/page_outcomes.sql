-- one row per input file: whether it loaded or was quarantined, and why, and whether it is gone
-- from the input folder since; key source_path
create or replace view page_outcomes as

with

pages_in as (
    select * from pages
),

final as (
    select
        source_path,
        page_id,
        status,
        reason,
        bytes,
        n_articles,
        n_removed_lines,
        fetched_at,
        ingested_at,
        run_id,
        is_deleted,
        deleted_at
    from pages_in
)

select * from final;
