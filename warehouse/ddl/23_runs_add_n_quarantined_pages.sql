-- runs: input files this run processed that ended quarantined (n_quarantined counts quarantine rows)
alter table runs add column if not exists n_quarantined_pages integer;
