-- paragraph_bands.is_root: whether the banded paragraph is the earliest of its text (its
-- paragraphs.duplicate_of is null), stored with its bands so that the paragraph lookup ranks what it
-- matched without reading the paragraphs table (warehouse/queries/select_matching_paragraph_pairs.sql).
-- A paragraph row is never updated, so the copy cannot go stale. A warehouse made before the column
-- has it filled once from paragraphs (warehouse/ddl_migrations/backfill_paragraph_bands_is_root.sql).
alter table paragraph_bands add column if not exists is_root boolean;
