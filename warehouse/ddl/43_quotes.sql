-- one row per direct quotation in an article body; key quote_id (offsets include the quotation marks)
create table if not exists quotes (
    quote_id varchar primary key,
    article_id varchar not null,
    text varchar not null,
    start_char integer not null,
    end_char integer not null,
    speaker_entity_id varchar,
    speaker_text varchar,
    cue varchar,
    rule varchar not null
);
