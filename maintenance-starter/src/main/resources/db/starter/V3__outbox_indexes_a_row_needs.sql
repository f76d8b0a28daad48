-- What an event costs to write: its row, and an entry in each index of the table. Two of the three indexes do no
-- work any more (decision 25):
-- - the partial index of unpublished rows: since V2 the relay deletes what it published, so every row is unpublished
--   but the few an instance of the version before V2 marks during a rolling upgrade, and the primary key gives the
--   relay the same order (its query and that of the version before both read "where published_at is null order by
--   position");
-- - the unique index on event_id: ids are random UUIDs made for each event, nothing looks a row up by its id, and
--   consumers recognise an event read twice by its id on the topic, not here.
drop index if exists outbox_event_unpublished;
alter table outbox_event drop constraint if exists outbox_event_event_id_key;
