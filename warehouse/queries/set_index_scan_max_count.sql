-- an index scan gives up past max($keys, 0.1% of the table's rows) matches; see
-- set_dynamic_or_filter_threshold.sql
set index_scan_max_count = $keys;
