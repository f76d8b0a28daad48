package org.jobplatform.job.lifecycle.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.lifecycle.Job;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.outbox.Outbox;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code job}. */
@Repository
public class JobRepository {

    private static final String COLUMNS = "job_id, tenant_id, process_name, robot_id, input_arguments, state, reason, "
            + "window_id, created_at, updated_at, dispatched_at";
    private static final String ACTIVE = "('PENDING', 'RUNNING', 'STOPPING', 'TERMINATING')";

    /**
     * A {@code JobStateChanged} as the sweep's statement writes it, from a moved row {@code m}: the JSON Jackson
     * writes for the record (its components in order, nulls written), with the values the sweep set itself bound
     * already written as JSON by the codec, and the row's own text escaped by PostgreSQL's {@code to_json}.
     */
    private static final String STATE_CHANGED_JSON = "'{\"jobId\":\"' || m.id || '\",\"tenantId\":' || :tenantJson"
            + " || ',\"processName\":' || coalesce(to_json(m.process_name)::text, 'null')"
            + " || ',\"robotId\":' || coalesce(to_json(m.robot_id)::text, 'null')"
            + " || ',\"state\":\"' || m.state || '\",\"previousState\":\"' || m.previous"
            + " || '\",\"reason\":' || :reasonJson || ',\"windowId\":' || :windowJson || ',\"at\":' || :atJson || '}'";

    private final DatabaseClient db;
    private final EventCodec codec;

    public JobRepository(DatabaseClient db, EventCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    /** Inserts a new job. */
    public Mono<Void> insert(Job job) {
        return insert(job, null, null);
    }

    /** Inserts a new job created for a scheduler request. */
    public Mono<Void> insert(Job job, String requestId, String triggerId) {
        return db.sql("insert into job (" + COLUMNS + ", request_id, trigger_id, robot_named) values (:id, :tenant, "
                + ":process, :robot, :input, :state, :reason, :window, :created, :updated, null, :request, :trigger, "
                + ":named)")
                .bind("id", UUID.fromString(job.id())).bind("tenant", job.tenantId()).bind("process", job.processName())
                .bind("robot", Parameter.fromOrEmpty(job.robotId(), String.class))
                .bind("input", Parameter.fromOrEmpty(job.inputArguments(), String.class))
                .bind("state", job.state().name()).bind("reason", Parameter.fromOrEmpty(job.reason(), String.class))
                .bind("window", Parameter.fromOrEmpty(job.windowId(), String.class))
                .bind("created", job.createdAt().atOffset(ZoneOffset.UTC))
                .bind("updated", job.updatedAt().atOffset(ZoneOffset.UTC))
                .bind("request", Parameter.fromOrEmpty(requestId, String.class))
                .bind("trigger", Parameter.fromOrEmpty(triggerId, String.class))
                .bind("named", job.robotId() != null).then();
    }

    /** Writes a job's new state. */
    public Mono<Void> updateState(Job job) {
        return db.sql("update job set state = :state, reason = :reason, window_id = :window, updated_at = :updated, "
                + "robot_id = :robot, missing_since = null where job_id = :id")
                .bind("id", UUID.fromString(job.id())).bind("state", job.state().name())
                .bind("robot", Parameter.fromOrEmpty(job.robotId(), String.class))
                .bind("reason", Parameter.fromOrEmpty(job.reason(), String.class))
                .bind("window", Parameter.fromOrEmpty(job.windowId(), String.class))
                .bind("updated", job.updatedAt().atOffset(ZoneOffset.UTC)).then();
    }

    /** Jobs by id, locked for the rest of the transaction, in id order (so two transactions lock in one order). */
    public Flux<Job> lockAll(List<UUID> ids) {
        return db.sql("select " + COLUMNS + " from job where job_id = any(:ids) order by job_id for update")
                .bind("ids", ids.toArray(UUID[]::new)).map(JobRepository::read).all();
    }

    /** Writes many jobs' new states and robots (reason and window as each job has them) in one statement. */
    public Mono<Long> updateStates(List<Job> changed, Instant at) {
        return db.sql("""
                update job set state = d.state, robot_id = d.robot, reason = d.reason, updated_at = :at,
                  missing_since = null
                from unnest(:ids, :states, :robots, :reasons) as d(id, state, robot, reason)
                where job.job_id = d.id""")
                .bind("ids", changed.stream().map(j -> UUID.fromString(j.id())).toArray(UUID[]::new))
                .bind("states", changed.stream().map(j -> j.state().name()).toArray(String[]::new))
                .bind("robots", changed.stream().map(Job::robotId).toArray(String[]::new))
                .bind("reasons", changed.stream().map(Job::reason).toArray(String[]::new))
                .bind("at", at.atOffset(ZoneOffset.UTC)).fetch().rowsUpdated();
    }

    /** A job, locked for the rest of the transaction. */
    public Mono<Job> lock(UUID id) {
        return db.sql("select " + COLUMNS + " from job where job_id = :id for update").bind("id", id)
                .map(JobRepository::read).one();
    }

    /** A job. */
    public Mono<Job> find(UUID id) {
        return db.sql("select " + COLUMNS + " from job where job_id = :id").bind("id", id)
                .map(JobRepository::read).one();
    }

    /** Jobs newest first, of one tenant or of all ({@code null}), optionally in one state. */
    public Flux<Job> list(String tenantOrNull, JobState stateOrNull, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from job where true");
        if (tenantOrNull != null) {
            sql.append(" and tenant_id = :tenant");
        }
        if (stateOrNull != null) {
            sql.append(" and state = :state");
        }
        sql.append(" order by created_at desc limit :limit");
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bind("limit", limit);
        if (tenantOrNull != null) {
            spec = spec.bind("tenant", tenantOrNull);
        }
        if (stateOrNull != null) {
            spec = spec.bind("state", stateOrNull.name());
        }
        return spec.map(JobRepository::read).all();
    }

    /**
     * Jobs of a tenant that have not ended, by state group.
     *
     * @param running  RUNNING, or PENDING with its START sent (a robot may be starting it)
     * @param stopping STOPPING or TERMINATING
     * @param pending  PENDING and waiting for a robot (held in maintenance)
     */
    public record ActiveCounts(long running, long stopping, long pending) {
    }

    /**
     * A tenant's active job counts, read from its jobs not yet ended only (the partial index {@code job_on_robot}),
     * so that what they cost does not grow with the tenant's history: the drain progress reads them several times a
     * second.
     */
    public Mono<ActiveCounts> activeCounts(String tenant) {
        return db.sql("""
                select count(*) filter (where state = 'RUNNING'
                    or state = 'PENDING' and dispatched_at is not null) as running,
                  count(*) filter (where state in ('STOPPING', 'TERMINATING')) as stopping,
                  count(*) filter (where state = 'PENDING' and dispatched_at is null) as pending
                from job where tenant_id = :tenant and state in """ + ACTIVE)
                .bind("tenant", tenant)
                .map(row -> new ActiveCounts(row.get("running", Long.class), row.get("stopping", Long.class),
                        row.get("pending", Long.class)))
                .one();
    }

    /** How many jobs are in each state, of one tenant or of all ({@code null}); states without jobs are absent. */
    public Mono<java.util.Map<String, Long>> countByState(String tenantOrNull) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("select state, count(*) as n from job"
                + (tenantOrNull == null ? "" : " where tenant_id = :tenant") + " group by state");
        if (tenantOrNull != null) {
            spec = spec.bind("tenant", tenantOrNull);
        }
        return spec.map(row -> java.util.Map.entry(row.get("state", String.class), row.get("n", Long.class))).all()
                .collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue, java.util.TreeMap::new);
    }

    /** Tenants that have jobs not yet ended. */
    public Flux<String> tenantsWithActiveJobs() {
        return db.sql("select distinct tenant_id from job where state in " + ACTIVE)
                .map(row -> row.get("tenant_id", String.class)).all();
    }

    /**
     * A job on a robot with what reconciliation needs to know.
     *
     * @param job           the job
     * @param commandSentAt when its last command was sent, or {@code null}
     * @param missingSince  since when its robot's heartbeats omit it, or {@code null}
     */
    public record Tracked(Job job, Instant commandSentAt, Instant missingSince) {
    }

    /**
     * The robots' jobs that are started, stopping, or sent and not yet started, locked; rows locked elsewhere are
     * skipped.
     */
    public Flux<Tracked> lockOnRobots(List<String> robotIds) {
        return db.sql("select " + COLUMNS + ", command_sent_at, missing_since from job where robot_id = any(:robots) "
                + "and (state in ('RUNNING', 'STOPPING', 'TERMINATING') or state = 'PENDING' and dispatched_at is not null) "
                + "for update skip locked")
                .bind("robots", robotIds.toArray(String[]::new))
                .map(row -> new Tracked(read(row), instant(row.get("command_sent_at", OffsetDateTime.class)),
                        instant(row.get("missing_since", OffsetDateTime.class))))
                .all();
    }

    /** Jobs by id. */
    public Flux<Job> findAll(List<String> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("select " + COLUMNS + " from job where job_id = any(:ids)")
                .bind("ids", ids.stream().map(UUID::fromString).toArray(UUID[]::new)).map(JobRepository::read).all();
    }

    /** Notes since when their robots' heartbeats omit these jobs, each job with its own time. */
    public Mono<Void> missingSince(List<String> ids, List<Instant> since) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("update job set missing_since = d.since from unnest(:ids, :since) as d(id, since) "
                + "where job.job_id = d.id")
                .bind("ids", ids.stream().map(UUID::fromString).toArray(UUID[]::new))
                .bind("since", since.stream().map(at -> at.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new))
                .then();
    }

    /** Forgets that a robot's heartbeats omitted these jobs: they are listed again. */
    public Mono<Void> notMissing(List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("update job set missing_since = null where job_id = any(:ids) and missing_since is not null")
                .bind("ids", ids.stream().map(UUID::fromString).toArray(UUID[]::new)).then();
    }

    /**
     * A tenant's oldest jobs waiting for a robot that any robot, or one of the given robots, may take: at most
     * {@code limit}, locked; rows locked elsewhere are skipped.
     */
    public Flux<Job> lockWaiting(String tenant, List<String> robots, int limit) {
        return db.sql("select " + COLUMNS + " from job where tenant_id = :tenant and state = 'PENDING' "
                + "and dispatched_at is null and (robot_id is null or robot_id = any(:robots)) "
                + "order by created_at limit :limit for update skip locked")
                .bind("tenant", tenant).bind("robots", robots.toArray(String[]::new)).bind("limit", limit)
                .map(JobRepository::read).all();
    }

    /**
     * A job as a maintenance sweep moved it: what its robot's command needs beyond what the sweep set itself
     * (tenant, reason, window, time), so that a batch of thousands decodes few columns.
     *
     * @param jobId    the job's id
     * @param robotId  its robot, if it has one
     * @param state    the state it went to
     * @param previous the state it left
     */
    public record Moved(String jobId, String robotId, JobState state, JobState previous) {
    }

    /**
     * Moves a tenant's jobs in any of the given states, at most {@code limit}, in one statement: a dispatched PENDING
     * job to {@code pendingTarget}, any other to {@code target}, with the reason and window, and notes a command sent
     * for each. Rows locked elsewhere are skipped, and the rest are taken robot by robot, so a robot's jobs share a
     * batch and its commands arrive together: a robot told to stop all its jobs at once reports their ends in one
     * call, not one call per batch.
     * <p>
     * The same statement writes each moved job's {@code JobStateChanged} to the outbox, so the caller's transaction
     * holds the change and its events as with {@link Outbox#appendAll}; the database writes the events from the rows
     * it moved rather than being sent them. Sent as arrays, a batch of thousands of events took longer to encode,
     * send and parse than to insert, and the batch's commands waited for it (decision 22).
     *
     * @return the moved jobs, robot by robot
     */
    public Flux<Moved> moveInStates(String tenant, List<JobState> states, boolean dispatchedPendingToo,
            JobState target, JobState pendingTarget, String reason, String windowId, Instant at, int limit) {
        String[] names = states.stream().map(Enum::name).toArray(String[]::new);
        return db.sql("with picked as (select job_id as picked_id, state as previous from job "
                + "where tenant_id = :tenant and (state = any(:states)"
                + (dispatchedPendingToo ? " or state = 'PENDING' and dispatched_at is not null" : "")
                + ") order by robot_id, job_id limit :limit for update skip locked), "
                + "moved as (update job set state = case when picked.previous = 'PENDING' then :pendingTarget "
                + "else :target end, reason = :reason, window_id = :window, updated_at = :at, command_sent_at = :at, "
                + "missing_since = null from picked where job.job_id = picked.picked_id "
                + "returning job.job_id::text as id, job.process_name, job.robot_id, job.state, picked.previous), "
                + "written as (" + Outbox.INSERT_INTO + "select gen_random_uuid(), :topic, :tenant, :type, m.id, "
                + ":source, convert_to(" + STATE_CHANGED_JSON + ", 'UTF8'), :at "
                + "from moved m order by m.robot_id, m.id) "
                + "select id, robot_id, state, previous from moved order by robot_id, id")
                .bind("tenant", tenant).bind("states", names).bind("limit", limit)
                .bind("target", target.name()).bind("pendingTarget", pendingTarget.name()).bind("reason", reason)
                .bind("window", Parameter.fromOrEmpty(windowId, String.class))
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("topic", Topics.JOB_EVENTS).bind("type", EventTypes.of(JobStateChanged.class))
                .bind("source", codec.source()).bind("tenantJson", json(tenant)).bind("reasonJson", json(reason))
                .bind("windowJson", json(windowId)).bind("atJson", json(at))
                .map(row -> new Moved(row.get("id", String.class), row.get("robot_id", String.class),
                        JobState.valueOf(row.get("state", String.class)),
                        JobState.valueOf(row.get("previous", String.class)))).all();
    }

    /** A value as the codec writes it in an event's JSON. */
    private String json(Object value) {
        return codec.mapper().writeValueAsString(value);
    }

    /** Notes that a command was sent for a job now. */
    public Mono<Void> commandSent(List<String> ids, Instant at) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("update job set command_sent_at = :at where job_id = any(:ids)")
                .bind("ids", ids.stream().map(UUID::fromString).toArray(UUID[]::new))
                .bind("at", at.atOffset(ZoneOffset.UTC)).then();
    }

    private static Job read(Readable row) {
        return new Job(row.get("job_id", UUID.class).toString(), row.get("tenant_id", String.class),
                row.get("process_name", String.class), row.get("robot_id", String.class),
                row.get("input_arguments", String.class), JobState.valueOf(row.get("state", String.class)),
                row.get("reason", String.class), row.get("window_id", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant(),
                instant(row.get("dispatched_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
