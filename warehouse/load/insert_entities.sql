-- adds entities not yet in the warehouse; an existing entity keeps the name it was first loaded
-- with, so a later spelling variant with the same key ("Zelenskyy" / "Zelensky") joins it
insert or ignore into entities by name
select * from staged_entities;
