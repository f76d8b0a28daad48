-- The relay deletes the rows it has published instead of setting published_at, so the outbox holds only what is
-- still to be published. The rows published before this version are deleted once here. The column and its partial
-- index stay for a rolling upgrade: an instance of the previous version still sets published_at, and the relay of
-- this version reads only rows where it is null (the few rows marked that way during the upgrade are left).
delete from outbox_event where published_at is not null;
