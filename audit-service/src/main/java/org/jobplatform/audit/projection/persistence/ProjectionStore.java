package org.jobplatform.audit.projection.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jobplatform.audit.projection.FactBatch;
import org.jobplatform.audit.projection.JobEndFact;
import org.jobplatform.audit.projection.PhaseFact;
import org.jobplatform.audit.projection.SkipFact;
import org.jobplatform.audit.projection.WindowFact;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The projection's tables, by generation: writes a batch of facts with one statement per table (arrays bound once,
 * unnested in the database) whose upserts merge exactly as the facts' {@code merge} methods do; creates, lists and
 * drops generations (one partition per table each); reads and moves the pointer to the live one.
 */
@Component
public class ProjectionStore {

    /** The tables a generation consists of. */
    public static final List<String> TABLES = List.of("audit_tenant", "audit_phase", "audit_window", "audit_job",
            "audit_skip");

    private static final String TENANTS = """
            insert into audit_tenant (generation, tenant_id) select $1, u.t from unnest($2::text[]) as u(t)
            on conflict do nothing""";

    private static final String PHASES = """
            insert into audit_phase as t (generation, scope_key, epoch, tenant_id, window_id, phase, previous_phase,
              since, changed_at, reason, requested_by, event_id)
            select $1, u.* from unnest($2::text[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[], $12::text[]) as u
            on conflict (generation, scope_key, epoch) do update set tenant_id = excluded.tenant_id,
              window_id = excluded.window_id, phase = excluded.phase, previous_phase = excluded.previous_phase,
              since = excluded.since, changed_at = excluded.changed_at, reason = excluded.reason,
              requested_by = excluded.requested_by, event_id = excluded.event_id
            where (excluded.changed_at, excluded.event_id collate "C") > (t.changed_at, t.event_id collate "C")""";

    private static final String WINDOWS = """
            insert into audit_window as t (generation, window_id, scope_key, tenant_id, started_at, first_epoch,
              last_epoch, reason)
            select $1, u.* from unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int8[], $7::int8[],
              $8::text[]) as u
            on conflict (generation, window_id) do update set started_at = least(t.started_at, excluded.started_at),
              first_epoch = least(t.first_epoch, excluded.first_epoch),
              last_epoch = greatest(t.last_epoch, excluded.last_epoch),
              reason = case when (excluded.last_epoch, coalesce(excluded.reason, '') collate "C")
                > (t.last_epoch, coalesce(t.reason, '') collate "C") then excluded.reason else t.reason end
            where excluded.started_at < t.started_at or excluded.first_epoch < t.first_epoch
              or (excluded.last_epoch, coalesce(excluded.reason, '') collate "C")
                > (t.last_epoch, coalesce(t.reason, '') collate "C")""";

    private static final String JOBS = """
            insert into audit_job as t (generation, job_id, tenant_id, window_id, end_state, process_name, robot_id,
              ended_at, reason)
            select $1, u.* from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::timestamptz[], $9::text[]) as u
            on conflict (generation, job_id) do update set tenant_id = excluded.tenant_id,
              window_id = excluded.window_id, end_state = excluded.end_state, process_name = excluded.process_name,
              robot_id = excluded.robot_id, ended_at = excluded.ended_at, reason = excluded.reason
            where (excluded.ended_at, excluded.end_state collate "C", excluded.window_id collate "C")
              > (t.ended_at, t.end_state collate "C", t.window_id collate "C")""";

    private static final String NEWER_NAME = """
            excluded.trigger_name is not null and (t.trigger_name is null
              or (excluded.name_at, excluded.trigger_name collate "C") > (t.name_at, t.trigger_name collate "C"))""";
    private static final String NEWER_OUTCOME = """
            (excluded.outcome_at, excluded.outcome collate "C") > (t.outcome_at, t.outcome collate "C")""";

    private static final String SKIPS = """
            insert into audit_skip as t (generation, window_id, tenant_id, trigger_id, scheduled_at, trigger_name,
              name_at, execution_id, outcome, outcome_at)
            select $1, u.* from unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
              $7::timestamptz[], $8::text[], $9::text[], $10::timestamptz[]) as u
            on conflict (generation, window_id, tenant_id, trigger_id, scheduled_at) do update set
              trigger_name = case when NEWER_NAME then excluded.trigger_name else t.trigger_name end,
              name_at = case when NEWER_NAME then excluded.name_at else t.name_at end,
              execution_id = greatest(t.execution_id collate "C", excluded.execution_id collate "C"),
              outcome = case when NEWER_OUTCOME then excluded.outcome else t.outcome end,
              outcome_at = greatest(t.outcome_at, excluded.outcome_at)"""
            .replace("NEWER_NAME", NEWER_NAME).replace("NEWER_OUTCOME", NEWER_OUTCOME);

    private static final String POSITIONS = """
            insert into audit_position as t (generation, topic, kafka_partition, next_offset)
            select $1, u.* from unnest($2::text[], $3::int4[], $4::int8[]) as u
            on conflict (generation, topic, kafka_partition) do update
              set next_offset = greatest(t.next_offset, excluded.next_offset)
            where excluded.next_offset > t.next_offset""";

    /**
     * The advisory lock that orders writers of the live generation and the swap of a replay: every batch of the live
     * consumers takes it shared, a replay takes it exclusively to catch up, compare and swap.
     */
    private static final long PROJECTION_LOCK = 0x617564_6974L;

    private final DatabaseClient db;

    public ProjectionStore(DatabaseClient db) {
        this.db = db;
    }

    /** Takes the projection lock shared until the end of the caller's transaction. */
    public Mono<Void> lockShared() {
        return db.sql("select pg_advisory_xact_lock_shared($1)").bind(0, PROJECTION_LOCK).then();
    }

    /** Takes the projection lock exclusively until the end of the caller's transaction. */
    public Mono<Void> lockExclusive() {
        return db.sql("select pg_advisory_xact_lock($1)").bind(0, PROJECTION_LOCK).then();
    }

    /** Limits how long the caller's transaction waits for any further lock (row or table) before it fails. */
    public Mono<Void> lockTimeout(java.time.Duration timeout) {
        return db.sql("set local lock_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'").then();
    }

    /**
     * Lets the caller's transaction commit without waiting for its WAL flush: for a replay's batches, which a crash
     * would make worthless anyway (the replay fails and its generation is dropped).
     */
    public Mono<Void> relaxedCommit() {
        return db.sql("set local synchronous_commit = off").then();
    }

    /** The live generation. */
    public Mono<Integer> liveGeneration() {
        return db.sql("select generation from audit_live").map(row -> row.get(0, Integer.class)).one();
    }

    /** Writes the batch's facts and positions into the generation, in the caller's transaction if any. */
    public Mono<Void> write(int generation, FactBatch batch) {
        List<Mono<Long>> statements = new ArrayList<>();
        if (!batch.tenants().isEmpty()) {
            statements.add(execute(TENANTS, generation, (Object) batch.tenants().toArray(String[]::new)));
        }
        if (!batch.phases().isEmpty()) {
            Collection<PhaseFact> p = batch.phases();
            statements.add(execute(PHASES, generation, texts(p, PhaseFact::scopeKey),
                    p.stream().map(PhaseFact::epoch).toArray(Long[]::new), texts(p, PhaseFact::tenantId),
                    texts(p, PhaseFact::windowId), texts(p, PhaseFact::phase), texts(p, PhaseFact::previousPhase),
                    instants(p, PhaseFact::since), instants(p, PhaseFact::changedAt), texts(p, PhaseFact::reason),
                    texts(p, PhaseFact::requestedBy), texts(p, PhaseFact::eventId)));
        }
        if (!batch.windows().isEmpty()) {
            Collection<WindowFact> w = batch.windows();
            statements.add(execute(WINDOWS, generation, texts(w, WindowFact::windowId),
                    texts(w, WindowFact::scopeKey), texts(w, WindowFact::tenantId),
                    instants(w, WindowFact::startedAt), w.stream().map(WindowFact::firstEpoch).toArray(Long[]::new),
                    w.stream().map(WindowFact::lastEpoch).toArray(Long[]::new), texts(w, WindowFact::reason)));
        }
        if (!batch.jobs().isEmpty()) {
            Collection<JobEndFact> j = batch.jobs();
            statements.add(execute(JOBS, generation, texts(j, JobEndFact::jobId), texts(j, JobEndFact::tenantId),
                    texts(j, JobEndFact::windowId), texts(j, JobEndFact::endState),
                    texts(j, JobEndFact::processName), texts(j, JobEndFact::robotId),
                    instants(j, JobEndFact::endedAt), texts(j, JobEndFact::reason)));
        }
        if (!batch.skips().isEmpty()) {
            Collection<SkipFact> s = batch.skips();
            statements.add(execute(SKIPS, generation, texts(s, f -> f.key().windowId()),
                    texts(s, f -> f.key().tenantId()), texts(s, f -> f.key().triggerId()),
                    instants(s, f -> f.key().scheduledAt()), texts(s, SkipFact::triggerName),
                    instants(s, SkipFact::nameAt), texts(s, SkipFact::executionId), texts(s, SkipFact::outcome),
                    instants(s, SkipFact::outcomeAt)));
        }
        if (!batch.positions().isEmpty()) {
            statements.add(positions(generation, batch.positions()));
        }
        return Flux.concat(statements).then();
    }

    /** Moves the generation's positions forward to the given next offsets. */
    public Mono<Long> positions(int generation, Map<FactBatch.Partition, Long> positions) {
        var entries = positions.entrySet();
        return execute(POSITIONS, generation, entries.stream().map(e -> e.getKey().topic()).toArray(String[]::new),
                entries.stream().map(e -> e.getKey().partition()).toArray(Integer[]::new),
                entries.stream().map(Map.Entry::getValue).toArray(Long[]::new));
    }

    /** Where the generation has read each partition up to. */
    public Mono<Map<FactBatch.Partition, Long>> positions(int generation) {
        return db.sql("select topic, kafka_partition, next_offset from audit_position where generation = $1")
                .bind(0, generation)
                .map(row -> Map.entry(new FactBatch.Partition(row.get(0, String.class), row.get(1, Integer.class)),
                        row.get(2, Long.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** A new generation number, never used before. */
    public Mono<Integer> nextGeneration() {
        return db.sql("select nextval('audit_generation')::int").map(row -> row.get(0, Integer.class)).one();
    }

    /** Creates the generation's partitions. */
    public Mono<Void> createGeneration(int generation) {
        return Flux.fromIterable(TABLES).concatMap(table -> db.sql("create table if not exists " + partition(table,
                generation) + " partition of " + table + " for values in (" + generation + ")").then()).then();
    }

    /** Drops the generation's partitions and positions. */
    public Mono<Void> dropGeneration(int generation) {
        return Flux.fromIterable(TABLES)
                .concatMap(table -> db.sql("drop table if exists " + partition(table, generation)).then())
                .then(db.sql("delete from audit_position where generation = $1").bind(0, generation).then());
    }

    /** The generations that exist, in order. */
    public Flux<Integer> generations() {
        return db.sql("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'audit_tenant'::regclass""")
                .map(row -> Integer.parseInt(row.get(0, String.class).substring("audit_tenant_g".length())))
                .all().sort();
    }

    /** Makes the generation the live one. */
    public Mono<Void> makeLive(int generation) {
        return db.sql("update audit_live set generation = $1").bind(0, generation).then();
    }

    private static String partition(String table, int generation) {
        return table + "_g" + generation;
    }

    private Mono<Long> execute(String sql, int generation, Object... arrays) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind(0, generation);
        for (int i = 0; i < arrays.length; i++) {
            spec = spec.bind(i + 1, arrays[i]);
        }
        return spec.fetch().rowsUpdated();
    }

    private static <T> String[] texts(Collection<T> facts, Function<T, String> field) {
        String[] values = new String[facts.size()];
        int i = 0;
        for (T fact : facts) {
            values[i++] = field.apply(fact);
        }
        return values;
    }

    private static <T> Instant[] instants(Collection<T> facts, Function<T, Instant> field) {
        Instant[] values = new Instant[facts.size()];
        int i = 0;
        for (T fact : facts) {
            values[i++] = field.apply(fact);
        }
        return values;
    }
}
