-- one row per publisher (null = not named on the page): articles, words, newest article; key publisher
create or replace view articles_by_publisher as

with

articles_in as (
    select * from articles
),

final as (
    select
        publisher,
        count(*) as n_articles,
        sum(n_words) as n_words,
        max(published_at) as last_published_at
    from articles_in
    group by publisher
)

select * from final;
