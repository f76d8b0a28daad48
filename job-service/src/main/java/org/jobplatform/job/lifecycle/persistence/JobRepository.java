package org.jobplatform.job.lifecycle.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jobplatform.contracts.JobState;
import org.jobplatform.job.lifecycle.Job;
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
            + "window_id, created_at, updated_at";

    private final DatabaseClient db;

    public JobRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts a new job. */
    public Mono<Void> insert(Job job) {
        return db.sql("insert into job (" + COLUMNS + ") values (:id, :tenant, :process, :robot, :input, :state, "
                + ":reason, :window, :created, :updated)")
                .bind("id", UUID.fromString(job.id())).bind("tenant", job.tenantId()).bind("process", job.processName())
                .bind("robot", Parameter.fromOrEmpty(job.robotId(), String.class))
                .bind("input", Parameter.fromOrEmpty(job.inputArguments(), String.class))
                .bind("state", job.state().name()).bind("reason", Parameter.fromOrEmpty(job.reason(), String.class))
                .bind("window", Parameter.fromOrEmpty(job.windowId(), String.class))
                .bind("created", job.createdAt().atOffset(ZoneOffset.UTC))
                .bind("updated", job.updatedAt().atOffset(ZoneOffset.UTC)).then();
    }

    /** Writes a job's new state. */
    public Mono<Void> updateState(Job job) {
        return db.sql("update job set state = :state, reason = :reason, window_id = :window, updated_at = :updated, "
                + "robot_id = :robot where job_id = :id")
                .bind("id", UUID.fromString(job.id())).bind("state", job.state().name())
                .bind("robot", Parameter.fromOrEmpty(job.robotId(), String.class))
                .bind("reason", Parameter.fromOrEmpty(job.reason(), String.class))
                .bind("window", Parameter.fromOrEmpty(job.windowId(), String.class))
                .bind("updated", job.updatedAt().atOffset(ZoneOffset.UTC)).then();
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
     * @param running  RUNNING
     * @param stopping STOPPING or TERMINATING
     * @param pending  PENDING
     */
    public record ActiveCounts(long running, long stopping, long pending) {
    }

    /** A tenant's active job counts. */
    public Mono<ActiveCounts> activeCounts(String tenant) {
        return db.sql("""
                select count(*) filter (where state = 'RUNNING') as running,
                  count(*) filter (where state in ('STOPPING', 'TERMINATING')) as stopping,
                  count(*) filter (where state = 'PENDING') as pending
                from job where tenant_id = :tenant""")
                .bind("tenant", tenant)
                .map(row -> new ActiveCounts(row.get("running", Long.class), row.get("stopping", Long.class),
                        row.get("pending", Long.class)))
                .one();
    }

    /** Tenants that have jobs not yet ended. */
    public Flux<String> tenantsWithActiveJobs() {
        return db.sql("select distinct tenant_id from job where state in ('PENDING', 'RUNNING', 'STOPPING', 'TERMINATING')")
                .map(row -> row.get("tenant_id", String.class)).all();
    }

    private static Job read(Readable row) {
        return new Job(row.get("job_id", UUID.class).toString(), row.get("tenant_id", String.class),
                row.get("process_name", String.class), row.get("robot_id", String.class),
                row.get("input_arguments", String.class), JobState.valueOf(row.get("state", String.class)),
                row.get("reason", String.class), row.get("window_id", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
