-- a hash join whose build side has at most $keys distinct keys hands them to the probed table's scan
-- as an IN filter (answered by index lookups on a column with an ART index); see flows/load.py,
-- DYNAMIC_FILTER_KEYS, and flows/load_stories.read_candidates
set dynamic_or_filter_threshold = $keys;
