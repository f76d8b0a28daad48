-- The instance that prepared a slot keeps its executions' job requests in memory and, once the slot is decided,
-- sends them to Kafka itself, without the outbox: the decision row says so (sends_requests) and, once the broker
-- has acknowledged every one, that they were sent (requests_sent). Applying the slot then appends only the execution
-- events. A slot whose sender did not confirm in time is applied by any instance with its requests in the outbox
-- (job-service takes a request id once).
alter table firing_slot add column sends_requests boolean not null default false;
alter table firing_slot add column requests_sent boolean not null default false;
-- set when a trigger of the slot was disabled or deleted before the decision: what its preparing instance holds in
-- memory is then out of date, and the slot's requests go through the outbox, from its executions as they are
alter table firing_slot add column changed boolean not null default false;
