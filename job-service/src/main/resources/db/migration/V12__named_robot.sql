-- Whether the job's robot was named at creation (it then waits for that robot) or chosen at dispatch (it may go to
-- another robot when the chosen one stops calling in before starting it).
alter table job add column robot_named boolean not null default false;
update job set robot_named = true where robot_id is not null and dispatched_at is null;
