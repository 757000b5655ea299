-- one row per cleaning rule: how many lines it removed, on how many pages; key rule
create or replace view removed_by_rule as

with

removed as (
    select * from removed_lines
),

final as (
    select
        rule,
        count(*) as n_lines,
        count(distinct page_id) as n_pages
    from removed
    group by rule
)

select * from final;
