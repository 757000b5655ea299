-- pages: the input file's modification time (ns since the epoch) when the run saw it; with bytes it
-- lets an unchanged file be skipped on a stat alone. Set by the load stage, null for older rows.
alter table pages add column if not exists file_mtime_ns bigint;
