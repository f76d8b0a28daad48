package org.jobplatform.scheduler.triggers.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jobplatform.scheduler.triggers.MisfirePolicy;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.TriggerType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code scheduled_trigger}. */
@Repository
public class TriggerRepository {

    private static final String COLUMNS = "trigger_id, tenant_id, name, process_name, robot_id, input_arguments, type, "
            + "cron, once_at, interval_seconds, time_zone, misfire_policy, exempt, enabled, created_at, next_fire_at, "
            + "pending_execution_id";

    private final DatabaseClient db;

    /** The columns {@link #read} reads, each prefixed with a table alias, for queries that join other tables. */
    public static String columns(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(", ")).map(c -> alias + "." + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public TriggerRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts a new trigger. */
    public Mono<Void> insert(Trigger t) {
        return db.sql("insert into scheduled_trigger (" + COLUMNS + ") values (:id, :tenant, :name, :process, :robot, "
                + ":input, :type, :cron, :at, :interval, :zone, :policy, :exempt, :enabled, :created, :next, null)")
                .bind("id", UUID.fromString(t.id())).bind("tenant", t.tenantId()).bind("name", t.name())
                .bind("process", t.processName()).bind("robot", Parameter.fromOrEmpty(t.robotId(), String.class))
                .bind("input", Parameter.fromOrEmpty(t.inputArguments(), String.class))
                .bind("type", t.type().name()).bind("cron", Parameter.fromOrEmpty(t.cron(), String.class))
                .bind("at", Parameter.fromOrEmpty(offset(t.at()), OffsetDateTime.class))
                .bind("interval", Parameter.fromOrEmpty(t.intervalSeconds(), Long.class))
                .bind("zone", t.timeZone()).bind("policy", t.misfirePolicy().name()).bind("exempt", t.exempt())
                .bind("enabled", t.enabled()).bind("created", offset(t.createdAt()))
                .bind("next", Parameter.fromOrEmpty(offset(t.nextFireAt()), OffsetDateTime.class)).then();
    }

    /** A trigger, of one tenant or of any ({@code null}). */
    public Mono<Trigger> find(UUID id, String tenantOrNull) {
        return tenant(db.sql("select " + COLUMNS + " from scheduled_trigger where trigger_id = :id"
                + (tenantOrNull == null ? "" : " and tenant_id = :tenant")), tenantOrNull)
                .bind("id", id).map(TriggerRepository::read).one();
    }

    /** A trigger locked for the rest of the transaction, of one tenant or of any ({@code null}). */
    public Mono<Trigger> lock(UUID id, String tenantOrNull) {
        return tenant(db.sql("select " + COLUMNS + " from scheduled_trigger where trigger_id = :id"
                + (tenantOrNull == null ? "" : " and tenant_id = :tenant") + " for update"), tenantOrNull)
                .bind("id", id).map(TriggerRepository::read).one();
    }

    /** Triggers oldest first, of one tenant or of all ({@code null}). */
    public Flux<Trigger> list(String tenantOrNull, int limit) {
        return tenant(db.sql("select " + COLUMNS + " from scheduled_trigger"
                + (tenantOrNull == null ? "" : " where tenant_id = :tenant") + " order by created_at, trigger_id "
                + "limit :limit"), tenantOrNull).bind("limit", limit)
                .map(TriggerRepository::read).all();
    }

    /** Deletes a trigger and its executions; emits whether it existed. */
    public Mono<Boolean> delete(UUID id, String tenantOrNull) {
        return tenant(db.sql("delete from scheduled_trigger where trigger_id = :id"
                + (tenantOrNull == null ? "" : " and tenant_id = :tenant")), tenantOrNull).bind("id", id)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Writes whether a trigger fires, its next time, and forgets its pending execution. */
    public Mono<Void> setEnabled(UUID id, boolean enabled, Instant next) {
        return db.sql("update scheduled_trigger set enabled = :enabled, next_fire_at = :next, "
                + "pending_execution_id = null where trigger_id = :id")
                .bind("id", id).bind("enabled", enabled)
                .bind("next", Parameter.fromOrEmpty(offset(next), OffsetDateTime.class)).then();
    }

    /**
     * Enabled triggers with a time due at {@code now} or an execution pending, at most {@code limit}, locked; rows
     * another instance has locked are skipped, so instances share the work and none waits for another.
     */
    public Flux<Trigger> lockDue(Instant now, int limit) {
        return db.sql("select " + COLUMNS + " from scheduled_trigger where enabled and (next_fire_at <= :now "
                + "or pending_execution_id is not null) order by next_fire_at nulls first limit :limit "
                + "for update skip locked")
                .bind("now", offset(now)).bind("limit", limit).map(TriggerRepository::read).all();
    }

    /**
     * Enabled triggers whose next time is after {@code now} and at most {@code horizon}, without a pending
     * execution, soonest first, at most {@code limit}, locked; rows another instance has locked are skipped.
     */
    public Flux<Trigger> lockUpcoming(Instant now, Instant horizon, int limit) {
        return db.sql("select " + COLUMNS + " from scheduled_trigger where enabled and pending_execution_id is null "
                + "and next_fire_at > :now and next_fire_at <= :horizon order by next_fire_at limit :limit "
                + "for update skip locked")
                .bind("now", offset(now)).bind("horizon", offset(horizon)).bind("limit", limit)
                .map(TriggerRepository::read).all();
    }

    /**
     * {@link #notePending} for many executions in one statement: each becomes its trigger's pending execution,
     * unless a later one already is.
     */
    public Mono<Long> notePendingAll(List<UUID> triggerIds, List<UUID> executionIds, List<Instant> scheduledAts) {
        if (triggerIds.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("""
                update scheduled_trigger t set pending_execution_id = d.execution
                from unnest(:triggers, :executions, :ats) as d(trigger, execution, at)
                where t.trigger_id = d.trigger and t.misfire_policy = 'RUN_ONCE_AFTER_MAINTENANCE'
                  and (t.pending_execution_id is null or not exists (
                    select 1 from trigger_execution e where e.execution_id = t.pending_execution_id
                      and e.scheduled_at > d.at))""")
                .bind("triggers", triggerIds.toArray(UUID[]::new))
                .bind("executions", executionIds.toArray(UUID[]::new))
                .bind("ats", scheduledAts.stream().map(TriggerRepository::offset).toArray(OffsetDateTime[]::new))
                .fetch().rowsUpdated();
    }

    /** Writes many triggers' next times and pending executions in one statement. */
    public Mono<Long> advanceAll(List<Trigger> triggers) {
        if (triggers.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("""
                update scheduled_trigger set next_fire_at = d.next, pending_execution_id = d.pending
                from unnest(:ids, :nexts, :pendings) as d(id, next, pending)
                where scheduled_trigger.trigger_id = d.id""")
                .bind("ids", triggers.stream().map(t -> UUID.fromString(t.id())).toArray(UUID[]::new))
                .bind("nexts", triggers.stream().map(t -> offset(t.nextFireAt())).toArray(OffsetDateTime[]::new))
                .bind("pendings", triggers.stream()
                        .map(t -> t.pendingExecutionId() == null ? null : UUID.fromString(t.pendingExecutionId()))
                        .toArray(UUID[]::new))
                .fetch().rowsUpdated();
    }

    /**
     * Makes an execution the trigger's pending one, unless a later one already is (a refusal can arrive after
     * later executions were skipped).
     */
    public Mono<Void> notePending(UUID triggerId, UUID executionId, Instant scheduledAt) {
        return notePendingAll(List.of(triggerId), List.of(executionId), List.of(scheduledAt)).then();
    }

    private static DatabaseClient.GenericExecuteSpec tenant(DatabaseClient.GenericExecuteSpec spec, String tenant) {
        return tenant == null ? spec : spec.bind("tenant", tenant);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /** A trigger from a row with the columns of {@code scheduled_trigger}. */
    public static Trigger read(Readable row) {
        UUID pending = row.get("pending_execution_id", UUID.class);
        return new Trigger(row.get("trigger_id", UUID.class).toString(), row.get("tenant_id", String.class),
                row.get("name", String.class), row.get("process_name", String.class),
                row.get("robot_id", String.class), row.get("input_arguments", String.class),
                TriggerType.valueOf(row.get("type", String.class)), row.get("cron", String.class),
                instant(row.get("once_at", OffsetDateTime.class)), row.get("interval_seconds", Long.class),
                row.get("time_zone", String.class), MisfirePolicy.valueOf(row.get("misfire_policy", String.class)),
                Boolean.TRUE.equals(row.get("exempt", Boolean.class)),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("next_fire_at", OffsetDateTime.class)),
                pending == null ? null : pending.toString());
    }
}
