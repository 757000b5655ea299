-- paragraphs.duplicate_of: the earliest-seen paragraph with the same or near-same text; null if none
alter table paragraphs add column if not exists duplicate_of varchar;
