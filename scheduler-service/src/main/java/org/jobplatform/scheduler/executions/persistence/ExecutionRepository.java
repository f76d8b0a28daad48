package org.jobplatform.scheduler.executions.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.scheduler.executions.Execution;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code trigger_execution}. */
@Repository
public class ExecutionRepository {

    private static final String COLUMNS = "execution_id, trigger_id, tenant_id, scheduled_at, outcome, request_id, "
            + "job_id, window_id, recorded_at";

    /** The outcome stored for an execution prepared ahead of its time: never shown, never published. */
    public static final String PLANNED = "PLANNED";

    private final DatabaseClient db;

    public ExecutionRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Inserts executions in one statement; one whose trigger already has an execution at that time is left out
     * (the unique key decides, whatever instance got there first). Emits the ids inserted.
     */
    public Mono<Set<String>> insertAll(List<Execution> executions) {
        return insert(executions, null);
    }

    /**
     * Inserts executions prepared ahead of their time, outcome {@value #PLANNED}, each with its firing slot; like
     * {@link #insertAll}, one whose trigger already has an execution at that time is left out. Emits the ids
     * inserted.
     */
    public Mono<Set<String>> insertPlanned(List<Execution> executions, List<UUID> slots) {
        return insert(executions, slots.toArray(UUID[]::new));
    }

    private Mono<Set<String>> insert(List<Execution> executions, UUID[] slots) {
        if (executions.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("""
                insert into trigger_execution (execution_id, trigger_id, tenant_id, scheduled_at, outcome, request_id,
                  job_id, window_id, recorded_at, slot_id)
                select d.id, d.trg, d.tenant, d.scheduled, d.outcome, d.request, null, d.win, d.recorded, d.slot
                from unnest(:ids, :triggers, :tenants, :scheduled, :outcomes, :requests, :windows, :recorded, :slots)
                  as d(id, trg, tenant, scheduled, outcome, request, win, recorded, slot)
                on conflict (trigger_id, scheduled_at) do nothing
                returning execution_id""")
                .bind("ids", executions.stream().map(e -> UUID.fromString(e.id())).toArray(UUID[]::new))
                .bind("triggers", executions.stream().map(e -> UUID.fromString(e.triggerId())).toArray(UUID[]::new))
                .bind("tenants", executions.stream().map(Execution::tenantId).toArray(String[]::new))
                .bind("scheduled", executions.stream().map(e -> offset(e.scheduledAt()))
                        .toArray(OffsetDateTime[]::new))
                .bind("outcomes", executions.stream().map(e -> slots != null ? PLANNED : e.outcome().name())
                        .toArray(String[]::new))
                .bind("requests", executions.stream().map(e -> e.requestId() == null ? null
                        : UUID.fromString(e.requestId())).toArray(UUID[]::new))
                .bind("windows", executions.stream().map(Execution::windowId).toArray(String[]::new))
                .bind("recorded", executions.stream().map(e -> offset(e.recordedAt())).toArray(OffsetDateTime[]::new))
                .bind("slots", slots != null ? slots : new UUID[executions.size()])
                .map(row -> row.get("execution_id", UUID.class).toString()).all()
                .collect(Collectors.toSet());
    }

    /** An execution, locked for the rest of the transaction. */
    public Mono<Execution> lock(UUID id) {
        return db.sql("select " + COLUMNS + " from trigger_execution where execution_id = :id for update")
                .bind("id", id).map(ExecutionRepository::read).one();
    }

    /** The execution a job request was sent for, locked for the rest of the transaction. */
    public Mono<Execution> lockByRequest(UUID requestId) {
        return db.sql("select " + COLUMNS + " from trigger_execution where request_id = :id for update")
                .bind("id", requestId).map(ExecutionRepository::read).one();
    }

    /** A trigger's executions skipped in a window, oldest first, locked for the rest of the transaction. */
    public Flux<Execution> lockSkipped(UUID triggerId, String windowId) {
        return db.sql("select " + COLUMNS + " from trigger_execution where trigger_id = :trigger "
                + "and window_id = :window and outcome = 'SKIPPED' order by scheduled_at for update")
                .bind("trigger", triggerId).bind("window", windowId).map(ExecutionRepository::read).all();
    }

    /** Writes an execution's outcome, request, job, window and time. */
    public Mono<Void> update(Execution e) {
        return db.sql("update trigger_execution set outcome = :outcome, request_id = :request, job_id = :job, "
                + "window_id = :window, recorded_at = :at where execution_id = :id")
                .bind("id", UUID.fromString(e.id())).bind("outcome", e.outcome().name())
                .bind("request", Parameter.fromOrEmpty(e.requestId() == null ? null : UUID.fromString(e.requestId()),
                        UUID.class))
                .bind("job", Parameter.fromOrEmpty(e.jobId(), String.class))
                .bind("window", Parameter.fromOrEmpty(e.windowId(), String.class))
                .bind("at", offset(e.recordedAt())).then();
    }

    /** A trigger's executions, newest first. */
    public Flux<Execution> list(UUID triggerId, int limit) {
        return db.sql("select " + COLUMNS + " from trigger_execution where trigger_id = :trigger "
                + "and outcome <> '" + PLANNED + "' order by scheduled_at desc limit :limit")
                .bind("trigger", triggerId).bind("limit", limit).map(ExecutionRepository::read).all();
    }

    /**
     * Forgets a trigger's executions prepared ahead of their time whose slot is not decided yet (it is being disabled
     * or deleted before their time), and marks those slots changed, so their requests are not sent from what the
     * preparing instance holds. An execution whose slot is decided already was fired or skipped before: it stays, and
     * is applied as decided. A decision in progress is waited for.
     */
    public Mono<Long> deletePlanned(UUID triggerId) {
        return db.sql("""
                with changed as (
                  update firing_slot set changed = true where decided_at is null and slot_id in (
                    select slot_id from trigger_execution where trigger_id = :trigger and outcome = 'PLANNED')
                  returning slot_id)
                delete from trigger_execution where trigger_id = :trigger and outcome = 'PLANNED'
                  and slot_id in (select slot_id from changed)""")
                .bind("trigger", triggerId).fetch().rowsUpdated();
    }

    /**
     * Gives prepared executions their outcomes in one statement: outcome, request (kept only when one is sent),
     * window and time; they leave their slot.
     */
    public Mono<Long> decideAll(List<Execution> decided) {
        if (decided.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("""
                update trigger_execution set outcome = d.outcome, request_id = d.request, window_id = d.win,
                  recorded_at = d.recorded, slot_id = null
                from unnest(:ids, :outcomes, :requests, :windows, :recorded) as d(id, outcome, request, win, recorded)
                where trigger_execution.execution_id = d.id and trigger_execution.outcome = 'PLANNED'""")
                .bind("ids", decided.stream().map(e -> UUID.fromString(e.id())).toArray(UUID[]::new))
                .bind("outcomes", decided.stream().map(e -> e.outcome().name()).toArray(String[]::new))
                .bind("requests", decided.stream().map(e -> e.requestId() == null ? null
                        : UUID.fromString(e.requestId())).toArray(UUID[]::new))
                .bind("windows", decided.stream().map(Execution::windowId).toArray(String[]::new))
                .bind("recorded", decided.stream().map(e -> offset(e.recordedAt())).toArray(OffsetDateTime[]::new))
                .fetch().rowsUpdated();
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Execution read(Readable row) {
        UUID request = row.get("request_id", UUID.class);
        return new Execution(row.get("execution_id", UUID.class).toString(),
                row.get("trigger_id", UUID.class).toString(), row.get("tenant_id", String.class),
                row.get("scheduled_at", OffsetDateTime.class).toInstant(),
                ExecutionOutcome.valueOf(row.get("outcome", String.class)),
                request == null ? null : request.toString(), row.get("job_id", String.class),
                row.get("window_id", String.class), row.get("recorded_at", OffsetDateTime.class).toInstant());
    }
}
