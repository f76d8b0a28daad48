-- The audit's own schema; audit-service alone reads and writes it.

-- The journal: every CloudEvent consumed, once per CloudEvents id, as Kafka had it. tenant_id and window_id are
-- read from the event's data when it names them, so that a window's events can be found.
create table audit_journal (
    event_id        text        primary key,
    topic           text        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    event_key       text,
    event_type      text        not null,
    source          text,
    subject         text,
    event_time      timestamptz,
    headers         jsonb       not null,
    payload         bytea       not null,
    tenant_id       text,
    window_id       text,
    recorded_at     timestamptz not null default now()
);

create index audit_journal_window on audit_journal (window_id, tenant_id) where window_id is not null;

-- The projection the logs are read from exists in generations: the live one, and the one a replay builds.
-- Every projection table is partitioned by generation, so that a replay fills a partition of its own and an
-- old generation is dropped at once.
create sequence audit_generation;

create table audit_live (
    singleton  boolean primary key default true check (singleton),
    generation integer not null
);

-- Where each generation has read each partition up to (the next offset to read).
create table audit_position (
    generation      integer not null,
    topic           text    not null,
    kafka_partition integer not null,
    next_offset     bigint  not null,
    primary key (generation, topic, kafka_partition)
);

-- Tenants known to the audit: seen in any event, or with a tenant-scoped window.
create table audit_tenant (
    generation integer not null,
    tenant_id  text    not null,
    primary key (generation, tenant_id)
) partition by list (generation);

-- Every phase change of every scope, one row per scope and epoch.
create table audit_phase (
    generation     integer     not null,
    scope_key      text        not null,
    epoch          bigint      not null,
    tenant_id      text,
    window_id      text,
    phase          text        not null,
    previous_phase text,
    since          timestamptz,
    changed_at     timestamptz not null,
    reason         text,
    requested_by   text,
    event_id       text        not null,
    primary key (generation, scope_key, epoch)
) partition by list (generation);

create index audit_phase_window on audit_phase (generation, window_id);

-- Each maintenance window: its scope, when it started, the epochs it spans and its latest reason. Its end is the
-- scope's NONE at last_epoch + 1.
create table audit_window (
    generation  integer     not null,
    window_id   text        not null,
    scope_key   text        not null,
    tenant_id   text,
    started_at  timestamptz not null,
    first_epoch bigint      not null,
    last_epoch  bigint      not null,
    reason      text,
    primary key (generation, window_id)
) partition by list (generation);

create index audit_window_tenant on audit_window (generation, tenant_id, started_at desc);

-- Jobs a window ended: STOPPED or KILLED, caused by maintenance.
create table audit_job (
    generation   integer     not null,
    job_id       text        not null,
    tenant_id    text        not null,
    window_id    text        not null,
    end_state    text        not null,
    process_name text,
    robot_id     text,
    ended_at     timestamptz not null,
    reason       text,
    primary key (generation, job_id)
) partition by list (generation);

create index audit_job_window on audit_job (generation, window_id, tenant_id);

-- Trigger executions a window skipped, once per trigger and scheduled time.
create table audit_skip (
    generation   integer     not null,
    window_id    text        not null,
    tenant_id    text        not null,
    trigger_id   text        not null,
    scheduled_at timestamptz not null,
    trigger_name text,
    name_at      timestamptz,
    execution_id text,
    outcome      text        not null,
    outcome_at   timestamptz not null,
    primary key (generation, window_id, tenant_id, trigger_id, scheduled_at)
) partition by list (generation);

-- Replays: at most one unfinished at a time, across every instance.
create table audit_replay (
    replay_id    uuid        primary key,
    requested_by text        not null,
    state        text        not null,
    generation   integer     not null,
    started_at   timestamptz not null,
    updated_at   timestamptz not null,
    finished_at  timestamptz,
    report       jsonb       not null
);

create unique index audit_replay_one_unfinished on audit_replay ((true)) where finished_at is null;
create index audit_replay_started on audit_replay (started_at desc);

-- Generation 1 is the first live one.
select nextval('audit_generation');
insert into audit_live (generation) values (1);
create table audit_tenant_g1 partition of audit_tenant for values in (1);
create table audit_phase_g1 partition of audit_phase for values in (1);
create table audit_window_g1 partition of audit_window for values in (1);
create table audit_job_g1 partition of audit_job for values in (1);
create table audit_skip_g1 partition of audit_skip for values in (1);
