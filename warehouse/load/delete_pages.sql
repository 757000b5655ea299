-- the old rows of files being loaded again
delete from pages
where source_path in (select source_path from staged_pages);
