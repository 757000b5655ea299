-- rows of search_stopwords (none in a warehouse just made: flows/load.apply_ddl fills it)
select count(*) from search_stopwords;
