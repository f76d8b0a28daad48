-- Transactional outbox: a service writes its event here in the same transaction as its change;
-- the relay publishes the rows in position order and marks them published.
create table outbox_event (
    position     bigserial   primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    event_key    text,
    event_type   text        not null,
    subject      text,
    source       text        not null,
    payload      bytea       not null,
    occurred_at  timestamptz not null,
    published_at timestamptz
);

create index outbox_event_unpublished on outbox_event (position) where published_at is null;
