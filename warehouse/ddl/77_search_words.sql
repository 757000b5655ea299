-- search_words(text): the words of a text as the search index splits them: lower case, accents
-- stripped, split at every character that is not a letter or a digit (any script), one-character
-- pieces dropped. Stopwords go and words are stemmed (Porter, the fts extension's `stem`) where the
-- index is built (warehouse/load/index_search_terms.sql) and in search_articles below.
create or replace macro search_words(text) as
    list_filter(regexp_split_to_array(lower(strip_accents(text::varchar)), '[^\p{L}\p{N}]+'), word -> length(word) > 1);

