-- the record files this run read whole, with their size and modification time before the read and
-- their record count (staged_record_files: one row per source_path); replaces a file's older row
insert or replace into record_files (source_path, bytes, file_mtime_ns, n_records)
select source_path, bytes, file_mtime_ns, n_records
from staged_record_files;
