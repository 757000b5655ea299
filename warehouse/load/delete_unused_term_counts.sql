-- terms no warehouse article has any more
delete from term_counts
where n_articles <= 0;
