package org.jobplatform.audit.logs.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.jobplatform.audit.logs.WindowLog;
import org.jobplatform.audit.logs.WindowLogDetail;
import org.jobplatform.contracts.Scope;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a tenant's window logs from a generation of the projection. A window is visible to a tenant when it is the
 * tenant's own window, or a host window and the tenant is known to the audit.
 */
@Component
public class LogQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Map<String, String>>> PHASES = new TypeReference<>() {
    };

    private static final String VISIBLE = """
            w.generation = $1 and (w.tenant_id = $2 or (w.tenant_id is null and exists (
              select 1 from audit_tenant t where t.generation = $1 and t.tenant_id = $2)))""";

    private static final String WINDOWS = """
            select w.window_id, w.scope_key, w.started_at, w.reason,
              e.since as end_since, e.changed_at as end_changed_at, e.event_id as end_event_id,
              (select count(*) from audit_job j where j.generation = $1 and j.window_id = w.window_id
                and j.tenant_id = $2 and j.end_state = 'STOPPED') as stopped,
              (select count(*) from audit_job j where j.generation = $1 and j.window_id = w.window_id
                and j.tenant_id = $2 and j.end_state = 'KILLED') as killed,
              (select count(*) from audit_skip s where s.generation = $1 and s.window_id = w.window_id
                and s.tenant_id = $2) as skipped,
              (select json_agg(json_build_object('phase', p.phase, 'at', coalesce(p.since, p.changed_at))
                  order by p.epoch)::text
                from audit_phase p where p.generation = $1 and p.scope_key = w.scope_key
                  and p.epoch between w.first_epoch and w.last_epoch + 1
                  and (p.window_id = w.window_id or (p.epoch = w.last_epoch + 1 and p.phase = 'NONE'))
                  and p.phase is distinct from p.previous_phase) as phases
            from audit_window w
            left join audit_phase e on e.generation = $1 and e.scope_key = w.scope_key
              and e.epoch = w.last_epoch + 1 and e.phase = 'NONE'
            where VISIBLE""".replace("VISIBLE", VISIBLE);

    private final DatabaseClient db;

    public LogQueries(DatabaseClient db) {
        this.db = db;
    }

    /**
     * A window of a tenant's log with the id of the change that ended it.
     *
     * @param log        the log entry
     * @param endEventId the CloudEvents id of the end, or {@code null} while the window is open
     */
    public record Found(WindowLog log, String endEventId) {
    }

    /** The live generation. */
    public Mono<Integer> liveGeneration() {
        return db.sql("select generation from audit_live").map(row -> row.get(0, Integer.class)).one();
    }

    /** How many windows the tenant's log holds. */
    public Mono<Long> count(int generation, String tenantId) {
        return db.sql("select count(*) from audit_window w where " + VISIBLE).bind(0, generation).bind(1, tenantId)
                .map(row -> row.get(0, Long.class)).one();
    }

    /** A page of the tenant's log, newest first. */
    public Flux<WindowLog> page(int generation, String tenantId, long offset, int size) {
        return db.sql(WINDOWS + " order by w.started_at desc, w.window_id desc limit $3 offset $4")
                .bind(0, generation).bind(1, tenantId).bind(2, size).bind(3, offset)
                .map(row -> found(row, tenantId).log()).all();
    }

    /** One window of the tenant's log, if the tenant may see it. */
    public Mono<Found> window(int generation, String tenantId, String windowId) {
        return db.sql(WINDOWS + " and w.window_id = $3").bind(0, generation).bind(1, tenantId).bind(2, windowId)
                .map(row -> found(row, tenantId)).one();
    }

    /** The tenant's jobs the window ended in the given state, in the order they ended. */
    public Flux<WindowLogDetail.JobEntry> jobs(int generation, String tenantId, String windowId, String endState) {
        return db.sql("""
                select job_id, process_name, robot_id, ended_at from audit_job
                where generation = $1 and window_id = $2 and tenant_id = $3 and end_state = $4
                order by ended_at, job_id""")
                .bind(0, generation).bind(1, windowId).bind(2, tenantId).bind(3, endState)
                .map(row -> new WindowLogDetail.JobEntry(row.get("job_id", String.class),
                        row.get("process_name", String.class), row.get("robot_id", String.class),
                        instant(row, "ended_at")))
                .all();
    }

    /** The tenant's executions the window skipped, in scheduled order. */
    public Flux<WindowLogDetail.SkipEntry> skips(int generation, String tenantId, String windowId) {
        return db.sql("""
                select trigger_id, trigger_name, scheduled_at, outcome from audit_skip
                where generation = $1 and window_id = $2 and tenant_id = $3
                order by scheduled_at, trigger_id""")
                .bind(0, generation).bind(1, windowId).bind(2, tenantId)
                .map(row -> new WindowLogDetail.SkipEntry(row.get("trigger_id", String.class),
                        row.get("trigger_name", String.class), instant(row, "scheduled_at"),
                        row.get("outcome", String.class)))
                .all();
    }

    private static Found found(Readable row, String tenantId) {
        String scopeKey = row.get("scope_key", String.class);
        Instant endedAt = instant(row, "end_since");
        if (endedAt == null) {
            endedAt = instant(row, "end_changed_at");
        }
        WindowLog log = new WindowLog(row.get("window_id", String.class),
                Scope.HOST_KEY.equals(scopeKey) ? "HOST" : "TENANT", tenantId, instant(row, "started_at"), endedAt,
                row.get("reason", String.class), phases(row.get("phases", String.class)),
                new WindowLog.Summary(row.get("stopped", Long.class), row.get("killed", Long.class),
                        row.get("skipped", Long.class)));
        return new Found(log, row.get("end_event_id", String.class));
    }

    private static List<WindowLog.PhaseEntry> phases(String json) {
        if (json == null) {
            return List.of();
        }
        return JSON.readValue(json, PHASES).stream()
                .map(p -> new WindowLog.PhaseEntry(p.get("phase"), OffsetDateTime.parse(p.get("at")).toInstant()))
                .toList();
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
