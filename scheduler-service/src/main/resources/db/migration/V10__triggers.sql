-- Triggers of every tenant; scheduler-service alone reads and writes this schema.
create table scheduled_trigger (
    trigger_id           uuid        primary key,
    tenant_id            text        not null,
    name                 text        not null,
    process_name         text        not null,
    robot_id             text,
    input_arguments      text,
    type                 text        not null,
    cron                 text,
    once_at              timestamptz,
    interval_seconds     bigint,
    time_zone            text        not null,
    misfire_policy       text        not null,
    exempt               boolean     not null,
    enabled              boolean     not null,
    created_at           timestamptz not null,
    -- the next scheduled time not yet recorded; null once a ONCE trigger has had its time
    next_fire_at         timestamptz,
    -- RUN_ONCE_AFTER_MAINTENANCE: the latest skipped execution, to be run once the tenant is out of maintenance
    pending_execution_id uuid
);

create index scheduled_trigger_tenant on scheduled_trigger (tenant_id, created_at);
create index scheduled_trigger_due on scheduled_trigger (next_fire_at) where enabled and next_fire_at is not null;
create index scheduled_trigger_pending on scheduled_trigger (trigger_id) where enabled and pending_execution_id is not null;

-- One row per trigger and scheduled time: the unique key is what makes an execution happen once, whatever the
-- number of instances.
create table trigger_execution (
    execution_id uuid        primary key,
    trigger_id   uuid        not null references scheduled_trigger (trigger_id) on delete cascade,
    tenant_id    text        not null,
    scheduled_at timestamptz not null,
    outcome      text        not null,
    -- the id of the last job request sent for it (a new one for each run), matched by job-service's answers
    request_id   uuid unique,
    job_id       text,
    window_id    text,
    recorded_at  timestamptz not null,
    constraint trigger_execution_once unique (trigger_id, scheduled_at)
);

create index trigger_execution_window on trigger_execution (trigger_id, window_id) where outcome = 'SKIPPED';
