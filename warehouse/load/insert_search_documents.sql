-- the staged articles' search documents (made by the transform, flows/search.py)
insert into search_documents (article_id, n_terms)
select article_id, n_terms
from staged_search_documents;
