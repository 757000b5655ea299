-- the search index's stopwords ($words: the fts extension's English list, flows/load.fts_stopwords)
insert into search_stopwords (word)
select distinct unnest($words)
on conflict do nothing;
