-- Executions prepared ahead of their time: a slot is the set of one instance's triggers due at one time. Its
-- executions are inserted with outcome PLANNED (never shown or published) a little before that time; at the time,
-- one row per slot records the decision (when, and which of its tenants were in maintenance), and the executions
-- are then given their outcomes and events from that decision.
create table firing_slot (
    slot_id         uuid        primary key,
    scheduled_at    timestamptz not null,
    -- the distinct tenants of the slot's executions
    tenants         text[]      not null,
    prepared_at     timestamptz not null,
    -- null until decided: the clock reading the decision was taken at
    decided_at      timestamptz,
    -- when decided: the slot's tenants in maintenance then, with their windows, pairwise
    paused_tenants  text[],
    paused_windows  text[]
);

create index firing_slot_undecided on firing_slot (scheduled_at) where decided_at is null;
create index firing_slot_decided on firing_slot (decided_at) where decided_at is not null;

alter table trigger_execution add column slot_id uuid;
create index trigger_execution_slot on trigger_execution (slot_id) where slot_id is not null;
