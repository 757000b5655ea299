-- the search index's stopwords ($words: the fts extension's English list, flows/search_stopwords.py);
-- an upsert, so a warehouse that has them is left as it is
insert into search_stopwords (word)
select distinct unnest($words)
on conflict do nothing;
