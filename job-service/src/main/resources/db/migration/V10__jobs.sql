-- Jobs of every tenant; job-service alone reads and writes this schema.
create table job (
    job_id          uuid        primary key,
    tenant_id       text        not null,
    process_name    text        not null,
    robot_id        text,
    input_arguments text,
    state           text        not null,
    reason          text,
    window_id       text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

create index job_tenant_created on job (tenant_id, created_at desc);
create index job_state on job (state);
