-- pages: true once the input file is gone from the input folder; its rows stay until a prune
alter table pages add column if not exists is_deleted boolean default false;
