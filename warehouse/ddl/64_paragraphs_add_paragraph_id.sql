-- paragraphs.paragraph_id: article_id, a dash, the zero-padded paragraph_no; unique
alter table paragraphs add column if not exists paragraph_id varchar;
