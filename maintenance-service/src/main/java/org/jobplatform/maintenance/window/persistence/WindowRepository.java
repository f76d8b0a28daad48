package org.jobplatform.maintenance.window.persistence;

import static org.jobplatform.maintenance.window.persistence.ScopeStateRepository.nullable;
import static org.jobplatform.maintenance.window.persistence.ScopeStateRepository.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.Scope;
import org.jobplatform.maintenance.window.ScopeState;
import org.jobplatform.maintenance.window.WindowRecord;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code maintenance_window} and {@code window_transition}. */
@Repository
public class WindowRepository {

    private final DatabaseClient db;

    public WindowRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Records a new window opened by {@code opened}. */
    public Mono<Void> open(ScopeState opened) {
        return db.sql("""
                insert into maintenance_window (window_id, scope, tenant_id, started_at, started_by, reason, strategy,
                  drain_deadline, auto_suspend)
                values (:id, :scope, :tenant, :at, :by, :reason, :strategy, :deadline, :auto)""")
                .bind("id", UUID.fromString(opened.windowId())).bind("scope", opened.scope().key())
                .bind("tenant", nullable(opened.scope().tenantId())).bind("at", utc(opened.since()))
                .bind("by", opened.requestedBy()).bind("reason", nullable(opened.reason()))
                .bind("strategy", opened.strategy().name())
                .bind("deadline", nullable(opened.drainDeadline() == null ? null : opened.drainDeadline().toString()))
                .bind("auto", opened.autoSuspend()).then();
    }

    /** Closes a window. */
    public Mono<Void> close(String windowId, Instant at, String by) {
        return db.sql("update maintenance_window set ended_at = :at, ended_by = :by where window_id = :id")
                .bind("id", UUID.fromString(windowId)).bind("at", utc(at)).bind("by", by).then();
    }

    /** Records a change of a scope inside a window. */
    public Mono<Void> transition(String windowId, ScopeState state, Instant at) {
        return db.sql("""
                insert into window_transition (window_id, epoch, phase, at, requested_by, reason, kill_jobs)
                values (:id, :epoch, :phase, :at, :by, :reason, :kill)""")
                .bind("id", UUID.fromString(windowId)).bind("epoch", state.epoch()).bind("phase", state.phase().name())
                .bind("at", utc(at)).bind("by", state.requestedBy()).bind("reason", nullable(state.reason()))
                .bind("kill", state.killJobs()).then();
    }

    /** Windows, newest first: all of them, or those of one scope. */
    public Flux<WindowRecord> history(Scope scopeOrNull, int limit) {
        String where = scopeOrNull == null ? "" : " where w.scope = :scope";
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                select w.window_id, w.scope, w.tenant_id, w.started_at, w.ended_at, w.started_by, w.ended_by, w.reason,
                  w.strategy, w.drain_deadline, w.auto_suspend
                from maintenance_window w""" + where + " order by w.started_at desc limit :limit")
                .bind("limit", limit);
        if (scopeOrNull != null) {
            spec = spec.bind("scope", scopeOrNull.key());
        }
        return spec.map(row -> new WindowRecord(row.get("window_id", UUID.class).toString(),
                        row.get("scope", String.class), row.get("tenant_id", String.class),
                        row.get("started_at", OffsetDateTime.class).toInstant(), instant(row.get("ended_at", OffsetDateTime.class)),
                        row.get("started_by", String.class), row.get("ended_by", String.class),
                        row.get("reason", String.class), row.get("strategy", String.class),
                        row.get("drain_deadline", String.class), Boolean.TRUE.equals(row.get("auto_suspend", Boolean.class)),
                        List.of()))
                .all()
                .concatMap(w -> transitions(w.windowId()).collectList().map(w::withTransitions));
    }

    private Flux<WindowRecord.Transition> transitions(String windowId) {
        return db.sql("""
                select epoch, phase, at, requested_by, reason, kill_jobs from window_transition
                where window_id = :id order by epoch""")
                .bind("id", UUID.fromString(windowId))
                .map(row -> new WindowRecord.Transition(row.get("phase", String.class),
                        row.get("at", OffsetDateTime.class).toInstant(), row.get("epoch", Long.class),
                        row.get("requested_by", String.class), row.get("reason", String.class),
                        Boolean.TRUE.equals(row.get("kill_jobs", Boolean.class))))
                .all();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
