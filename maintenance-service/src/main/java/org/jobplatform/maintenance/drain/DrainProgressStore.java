package org.jobplatform.maintenance.drain;

import java.time.OffsetDateTime;

import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.Scope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The latest drain progress per tenant. A report older than the stored one is ignored, so a repeated or
 * reordered delivery changes nothing.
 */
@Component
public class DrainProgressStore {

    private final DatabaseClient db;

    public DrainProgressStore(DatabaseClient db) {
        this.db = db;
    }

    /** Stores a report unless a newer one is stored; emits whether it was stored. */
    public Mono<Boolean> record(DrainProgressReported report) {
        return db.sql("""
                insert into drain_progress (tenant_id, window_id, running_jobs, stopping_jobs, pending_jobs, as_of)
                values (:tenant, :window, :running, :stopping, :pending, :asOf)
                on conflict (tenant_id) do update set window_id = excluded.window_id,
                  running_jobs = excluded.running_jobs, stopping_jobs = excluded.stopping_jobs,
                  pending_jobs = excluded.pending_jobs, as_of = excluded.as_of
                where drain_progress.as_of < excluded.as_of""")
                .bind("tenant", report.tenantId())
                .bind("window", Parameter.fromOrEmpty(report.windowId(), String.class))
                .bind("running", report.runningJobs()).bind("stopping", report.stoppingJobs())
                .bind("pending", report.pendingJobs())
                .bind("asOf", report.asOf().atOffset(java.time.ZoneOffset.UTC))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The progress of a tenant, or the sum over every tenant for the host. */
    public Mono<DrainProgress> progress(Scope scope) {
        String where = scope.isHost() ? "" : " where tenant_id = :tenant";
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                select coalesce(sum(running_jobs), 0) as running, coalesce(sum(stopping_jobs), 0) as stopping,
                  coalesce(sum(pending_jobs), 0) as pending, max(as_of) as as_of from drain_progress""" + where);
        if (!scope.isHost()) {
            spec = spec.bind("tenant", scope.tenantId());
        }
        return spec.map(row -> {
            OffsetDateTime asOf = row.get("as_of", OffsetDateTime.class);
            return new DrainProgress(number(row.get("running")), number(row.get("stopping")),
                    number(row.get("pending")), asOf == null ? null : asOf.toInstant());
        }).one().defaultIfEmpty(DrainProgress.NONE);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
