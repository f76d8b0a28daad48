package org.jobplatform.audit.projection.persistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jobplatform.audit.projection.Comparison;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares two generations table by table in the database: a full join on each table's natural key lists every row
 * present on one side only or with other values. The logs are read from these tables alone, so equal tables give
 * equal logs.
 */
@Component
public class ProjectionComparison {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private record Table(String name, String table, List<String> key, List<String> values) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("tenants", "audit_tenant", List.of("tenant_id"), List.of()),
            new Table("phases", "audit_phase", List.of("scope_key", "epoch"), List.of("tenant_id", "window_id",
                    "phase", "previous_phase", "since", "changed_at", "reason", "requested_by", "event_id")),
            new Table("windows", "audit_window", List.of("window_id"), List.of("scope_key", "tenant_id",
                    "started_at", "first_epoch", "last_epoch", "reason")),
            new Table("jobs", "audit_job", List.of("job_id"), List.of("tenant_id", "window_id", "end_state",
                    "process_name", "robot_id", "ended_at", "reason")),
            new Table("skips", "audit_skip", List.of("window_id", "tenant_id", "trigger_id", "scheduled_at"),
                    List.of("trigger_name", "name_at", "execution_id", "outcome", "outcome_at")));

    private final DatabaseClient db;

    public ProjectionComparison(DatabaseClient db) {
        this.db = db;
    }

    /** Compares generation {@code live} with {@code rebuilt}, listing at most {@code limit} rows per table. */
    public Mono<Comparison> compare(int live, int rebuilt, int limit) {
        return Flux.fromIterable(TABLES).concatMap(table -> differences(table, live, rebuilt, limit)
                .collectList().map(rows -> Map.entry(table, rows)))
                .collectList().map(results -> {
                    Map<String, Long> byTable = new LinkedHashMap<>();
                    List<Comparison.Difference> listed = new ArrayList<>();
                    long total = 0;
                    for (var result : results) {
                        long count = result.getValue().isEmpty() ? 0 : result.getValue().get(0).total();
                        byTable.put(result.getKey().name(), count);
                        total += count;
                        result.getValue().forEach(row -> listed.add(row.difference()));
                    }
                    return new Comparison(total == 0, total, byTable, listed);
                });
    }

    private record Row(long total, Comparison.Difference difference) {
    }

    private Flux<Row> differences(Table table, int live, int rebuilt, int limit) {
        List<String> columns = new ArrayList<>(table.key());
        columns.addAll(table.values());
        String select = String.join(", ", columns);
        String join = table.key().stream().map(k -> "l." + k + " = r." + k).collect(Collectors.joining(" and "));
        String key = table.key().stream().map(k -> "'" + k + "', coalesce(l." + k + ", r." + k + ")")
                .collect(Collectors.joining(", "));
        String sql = "select count(*) over () as total, json_build_object(" + key + ")::text as key, "
                + "case when l." + table.key().get(0) + " is null then null else row_to_json(l)::text end as live, "
                + "case when r." + table.key().get(0) + " is null then null else row_to_json(r)::text end as rebuilt "
                + "from (select " + select + " from " + table.table() + " where generation = $1) l "
                + "full join (select " + select + " from " + table.table() + " where generation = $2) r on " + join
                + " where l is distinct from r order by 2 limit $3";
        return db.sql(sql).bind(0, live).bind(1, rebuilt).bind(2, limit)
                .map(row -> new Row(row.get("total", Long.class), new Comparison.Difference(table.name(),
                        json(row.get("key", String.class)), json(row.get("live", String.class)),
                        json(row.get("rebuilt", String.class)))))
                .all();
    }

    private static Map<String, Object> json(String text) {
        return text == null ? null : JSON.readValue(text, MAP);
    }
}
