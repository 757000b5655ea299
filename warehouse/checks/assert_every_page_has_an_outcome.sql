-- pages neither loaded nor quarantined with a reason; expect none
select source_path, status, reason
from pages
where status not in ('loaded', 'quarantined')
    or (status = 'quarantined' and reason is null);
