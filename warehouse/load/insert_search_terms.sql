-- the staged articles' search index rows (made by the transform, flows/search.py)
insert into search_terms (article_id, term, tf)
select article_id, term, tf
from staged_search_terms;
