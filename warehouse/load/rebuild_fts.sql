-- full-text index over article titles and bodies (schema fts_main_articles), rebuilt after each load
pragma create_fts_index('articles', 'article_id', 'title', 'body', overwrite = 1);
