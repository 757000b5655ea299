-- the rows of deleted pages (run last, after their children)
delete from pages
where is_deleted;
