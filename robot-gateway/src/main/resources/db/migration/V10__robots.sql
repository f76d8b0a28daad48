-- Registered robots. The secret is shown once at registration and stored only as a SHA-256 hash: it is 32 random
-- bytes, so a fast hash is enough, and a robot's every call is authenticated with it.
create table robot (
    robot_id     uuid        primary key,
    tenant_id    text        not null,
    name         text        not null,
    secret_hash  bytea       not null,
    created_at   timestamptz not null,
    unique (tenant_id, name)
);
