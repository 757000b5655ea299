-- pages: when a run first found the input file gone (null while it exists)
alter table pages add column if not exists deleted_at timestamptz;
