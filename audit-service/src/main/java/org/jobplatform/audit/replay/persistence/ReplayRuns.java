package org.jobplatform.audit.replay.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jobplatform.audit.replay.ReplayReport;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays and their reports, one row each. At most one is unfinished at a time across every instance (a unique
 * index on unfinished rows); one whose instance stopped updating it is marked failed so that another can start.
 */
@Component
public class ReplayRuns {

    /** Reads reports written by earlier versions too: a field they lack is absent, not an error. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final DatabaseClient db;

    public ReplayRuns(DatabaseClient db) {
        this.db = db;
    }

    /** Records a new replay; emits {@code false} when another one is unfinished. */
    public Mono<Boolean> begin(ReplayReport report) {
        return db.sql("""
                insert into audit_replay (replay_id, requested_by, state, generation, started_at, updated_at, report)
                values ($1, $2, $3, $4, $5, now(), $6::jsonb) on conflict do nothing""")
                .bind(0, UUID.fromString(report.id())).bind(1, report.requestedBy()).bind(2, report.state())
                .bind(3, report.generation()).bind(4, report.startedAt()).bind(5, JSON.writeValueAsString(report))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Saves the replay's report and state; a finished one gets its end time. */
    public Mono<Void> save(ReplayReport report) {
        return db.sql("""
                update audit_replay set state = $2, report = $3::jsonb, updated_at = now(), finished_at = $4
                where replay_id = $1""")
                .bind(0, UUID.fromString(report.id())).bind(1, report.state())
                .bind(2, JSON.writeValueAsString(report))
                .bind(3, Parameter.fromOrEmpty(report.finishedAt(), Instant.class))
                .then();
    }

    /** Marks unfinished replays whose instance has not updated them for {@code silence} as failed. */
    public Mono<Long> abandonSilent(Duration silence) {
        return db.sql("""
                update audit_replay set state = 'FAILED', finished_at = now(), updated_at = now(),
                  report = jsonb_set(jsonb_set(report, '{state}', '"FAILED"'), '{error}',
                    to_jsonb('abandoned: its instance stopped reporting progress'::text))
                where finished_at is null and updated_at < now() - make_interval(secs => $1)""")
                .bind(0, (double) silence.toMillis() / 1000).fetch().rowsUpdated();
    }

    /** The unfinished replay, if any. */
    public Mono<ReplayReport> unfinished() {
        return one("select report::text from audit_replay where finished_at is null");
    }

    /** The latest replay, if any. */
    public Mono<ReplayReport> latest() {
        return one("select report::text from audit_replay order by started_at desc limit 1");
    }

    /** A replay by id, if it exists. */
    public Mono<ReplayReport> find(UUID id) {
        return db.sql("select report::text from audit_replay where replay_id = $1").bind(0, id)
                .map(row -> JSON.readValue(row.get(0, String.class), ReplayReport.class)).one();
    }

    private Mono<ReplayReport> one(String sql) {
        return db.sql(sql).map(row -> JSON.readValue(row.get(0, String.class), ReplayReport.class)).one();
    }
}
