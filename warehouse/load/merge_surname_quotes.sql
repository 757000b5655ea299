-- quotes whose speaker is a one-word person name that is the surname of exactly one multi-word person in the
-- whole warehouse point at that person ("Putin" -> "Vladimir Putin"), whichever run loaded either;
-- keys compare spelling-insensitively (entities.name_key)
update quotes
set speaker_entity_id = surnames.full_entity_id
from (
    select
        short_names.entity_id as short_entity_id,
        min(full_names.entity_id) as full_entity_id
    from entities as short_names
    inner join entities as full_names
        on short_names.name_key = string_split(full_names.name_key, ' ')[-1]
    where short_names.type = 'PERSON'
        and full_names.type = 'PERSON'
        and not contains(short_names.name_key, ' ')
        and contains(full_names.name_key, ' ')
    group by short_names.entity_id
    having count(distinct full_names.entity_id) = 1
) as surnames
where quotes.speaker_entity_id = surnames.short_entity_id;
