-- Dispatch: a PENDING job with dispatched_at set has been sent to robot_id with a START command.
alter table job add column dispatched_at timestamptz;
-- The last START, STOP or KILL sent for the job: reconciliation re-sends one the robot has not acted on after a while.
alter table job add column command_sent_at timestamptz;
-- When the job's robot first sent a heartbeat without it; reconciliation resolves the job once this is old enough.
alter table job add column missing_since timestamptz;
-- The scheduler request that created the job, if any.
alter table job add column request_id text unique;
alter table job add column trigger_id text;

create index job_on_robot on job (robot_id) where state in ('PENDING', 'RUNNING', 'STOPPING', 'TERMINATING');
create index job_waiting on job (tenant_id, created_at) where state = 'PENDING' and dispatched_at is null;

-- Robots as their heartbeats show them: which are connected, and with what capacity.
create table robot_presence (
    robot_id   text        primary key,
    tenant_id  text        not null,
    capacity   integer     not null,
    last_seen  timestamptz not null
);

create index robot_presence_tenant on robot_presence (tenant_id, last_seen);

-- Every scheduler job request answered, accepted or refused, so a request delivered twice is answered once.
create table job_request (
    request_id  text        primary key,
    tenant_id   text        not null,
    trigger_id  text,
    outcome     text        not null,
    job_id      uuid,
    answered_at timestamptz not null
);
