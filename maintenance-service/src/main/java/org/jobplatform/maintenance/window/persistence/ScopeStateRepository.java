package org.jobplatform.maintenance.window.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.maintenance.window.ScopeState;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code scope_state}; {@link #lock} serialises changes of one scope across instances. */
@Repository
public class ScopeStateRepository {

    private static final String COLUMNS = "scope, phase, epoch, window_id, since, requested_by, reason, kill_jobs, "
            + "force, strategy, drain_deadline, auto_suspend";

    private final DatabaseClient db;

    public ScopeStateRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The scope's state, locked for the rest of the transaction; created as NONE at epoch 0 if missing. */
    public Mono<ScopeState> lock(Scope scope) {
        return db.sql("""
                insert into scope_state (scope, tenant_id, phase, epoch, updated_at)
                values (:scope, :tenant, 'NONE', 0, now()) on conflict (scope) do nothing""")
                .bind("scope", scope.key()).bind("tenant", nullable(scope.tenantId()))
                .then()
                .then(db.sql("select " + COLUMNS + " from scope_state where scope = :scope for update")
                        .bind("scope", scope.key()).map(ScopeStateRepository::read).one());
    }

    /** The scope's state without a lock; NONE at epoch 0 if it never changed. */
    public Mono<ScopeState> find(Scope scope) {
        return db.sql("select " + COLUMNS + " from scope_state where scope = :scope").bind("scope", scope.key())
                .map(ScopeStateRepository::read).one().defaultIfEmpty(ScopeState.initial(scope));
    }

    /** Every scope that ever changed. */
    public Flux<ScopeState> findAll() {
        return db.sql("select " + COLUMNS + " from scope_state order by scope").map(ScopeStateRepository::read).all();
    }

    /** Writes the state of a locked scope. */
    public Mono<Void> save(ScopeState s) {
        return db.sql("""
                update scope_state set phase = :phase, epoch = :epoch, window_id = :window, since = :since,
                  requested_by = :by, reason = :reason, kill_jobs = :kill, force = :force, strategy = :strategy,
                  drain_deadline = :deadline, auto_suspend = :auto, updated_at = now()
                where scope = :scope""")
                .bind("scope", s.scope().key()).bind("phase", s.phase().name()).bind("epoch", s.epoch())
                .bind("window", nullable(s.windowId() == null ? null : UUID.fromString(s.windowId()), UUID.class))
                .bind("since", nullable(s.since() == null ? null : s.since().atOffset(java.time.ZoneOffset.UTC),
                        OffsetDateTime.class))
                .bind("by", nullable(s.requestedBy())).bind("reason", nullable(s.reason()))
                .bind("kill", s.killJobs()).bind("force", s.force()).bind("strategy", s.strategy().name())
                .bind("deadline", nullable(s.drainDeadline() == null ? null : s.drainDeadline().toString()))
                .bind("auto", s.autoSuspend())
                .then();
    }

    static ScopeState read(Readable row) {
        UUID window = row.get("window_id", UUID.class);
        OffsetDateTime since = row.get("since", OffsetDateTime.class);
        String deadline = row.get("drain_deadline", String.class);
        return new ScopeState(Scope.fromKey(row.get("scope", String.class)), Phase.valueOf(row.get("phase", String.class)),
                row.get("epoch", Long.class), window == null ? null : window.toString(),
                since == null ? null : since.toInstant(), row.get("requested_by", String.class),
                row.get("reason", String.class), Boolean.TRUE.equals(row.get("kill_jobs", Boolean.class)),
                Boolean.TRUE.equals(row.get("force", Boolean.class)),
                DrainStrategy.valueOf(row.get("strategy", String.class)),
                deadline == null ? null : Duration.parse(deadline),
                Boolean.TRUE.equals(row.get("auto_suspend", Boolean.class)));
    }

    static org.springframework.r2dbc.core.Parameter nullable(String value) {
        return nullable(value, String.class);
    }

    static <T> org.springframework.r2dbc.core.Parameter nullable(T value, Class<T> type) {
        return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, type);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
    }
}
