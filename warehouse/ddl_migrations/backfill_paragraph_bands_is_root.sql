-- paragraph_bands.is_root for the rows of a warehouse made before the column (see
-- warehouse/ddl/75_paragraph_bands_add_is_root.sql)
update paragraph_bands
set is_root = paragraphs.duplicate_of is null
from paragraphs
where paragraph_bands.is_root is null
    and paragraphs.paragraph_id = paragraph_bands.paragraph_id;
