-- runs: files this run found missing from the input folder (marked is_deleted, or pruned)
alter table runs add column if not exists n_deleted integer;
