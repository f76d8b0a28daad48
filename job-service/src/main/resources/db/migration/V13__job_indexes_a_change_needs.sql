-- A change of a job's state cannot be a heap-only update (state is in the partial indexes' predicates): every index
-- of the table gets an entry for the row's new version. Two of them do no work that needs them (decision 25):
-- - job_state, every job ever run by its state: the queries for jobs not yet ended read the partial index
--   job_on_robot instead, whose predicate is those states and which holds only them; the others (counts by state, a
--   host-wide list of one state) read the table;
-- - the unique index on request_id: the primary key of job_request, inserted in the transaction that creates the
--   job, already makes a scheduler request create one job at most, and nothing looks a job up by its request.
drop index if exists job_state;
alter table job drop constraint if exists job_request_id_key;
