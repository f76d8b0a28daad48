-- The current state of each scope: the host ('host') and each tenant ('tenant:<id>').
create table scope_state (
    scope          text        primary key,
    tenant_id      text,
    phase          text        not null,
    epoch          bigint      not null,
    window_id      uuid,
    since          timestamptz,
    requested_by   text,
    reason         text,
    kill_jobs      boolean     not null default false,
    force          boolean     not null default false,
    strategy       text        not null default 'STOP',
    drain_deadline text,
    auto_suspend   boolean     not null default false,
    updated_at     timestamptz not null
);

-- Every maintenance window, open or closed.
create table maintenance_window (
    window_id      uuid        primary key,
    scope          text        not null,
    tenant_id      text,
    started_at     timestamptz not null,
    ended_at       timestamptz,
    started_by     text        not null,
    ended_by       text,
    reason         text,
    strategy       text        not null,
    drain_deadline text,
    auto_suspend   boolean     not null default false
);

create index maintenance_window_started on maintenance_window (started_at desc);

-- Every change of a scope inside a window, with who asked and why.
create table window_transition (
    window_id    uuid        not null references maintenance_window (window_id),
    epoch        bigint      not null,
    phase        text        not null,
    at           timestamptz not null,
    requested_by text        not null,
    reason       text,
    kill_jobs    boolean     not null default false,
    primary key (window_id, epoch)
);

-- Robot-confirmed job counts per tenant, as job-service last reported them.
create table drain_progress (
    tenant_id     text        primary key,
    window_id     text,
    running_jobs  bigint      not null,
    stopping_jobs bigint      not null,
    pending_jobs  bigint      not null,
    as_of         timestamptz not null
);
