-- appends the validated rows staged for this run; a row this run already recorded is not added
-- again, so a load that is retried after its commit (a failure while swapping the exports in)
-- leaves one row per failed check, as a single load does
insert into quarantine by name
select distinct staged.*
from staged_quarantine as staged
anti join quarantine as recorded
    on recorded.run_id = staged.run_id
    and recorded.table_name = staged.table_name
    and recorded.row_key = staged.row_key
    and recorded.check_name = staged.check_name
    and recorded.failure is not distinct from staged.failure;
