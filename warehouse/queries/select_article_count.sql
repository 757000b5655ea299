-- one row: the number of articles in the warehouse (the denominator of a term's share)
select count(*) as n_articles
from articles;
