package org.jobplatform.audit.journal.persistence;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jobplatform.audit.event.AuditEvent;
import org.jobplatform.audit.journal.JournalEntry;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal table. Events are added in one statement per batch (arrays unnested in the database), and an id
 * already journaled is skipped: the statement answers which ids were new.
 */
@Component
public class JournalStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    private static final String INSERT = """
            insert into audit_journal (event_id, topic, kafka_partition, kafka_offset, event_key, event_type, source,
              subject, event_time, headers, payload, tenant_id, window_id)
            select u.id, u.topic, u.part, u.off, u.key, u.type, u.source, u.subject, u.time, u.headers::jsonb,
              decode(u.payload, 'base64'), u.tenant, u.win
            from unnest($1::text[], $2::text[], $3::int4[], $4::int8[], $5::text[], $6::text[], $7::text[],
              $8::text[], $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[])
              as u(id, topic, part, off, key, type, source, subject, time, headers, payload, tenant, win)
            on conflict (event_id) do nothing
            returning event_id""";

    private static final String WINDOW_EVENTS = """
            select event_id, event_type, source, subject, event_time, topic, kafka_partition, kafka_offset, event_key,
              headers::text as headers, payload
            from audit_journal
            where (window_id = $1 and (tenant_id = $2 or (tenant_id is null and event_type = $3)))
              or event_id = $4
            order by event_time nulls last, topic, kafka_partition, kafka_offset""";

    private final DatabaseClient db;

    public JournalStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Journals the events whose id is not journaled yet (the first of a repeated id within the list); emits the ids
     * that were new.
     */
    public Mono<Set<String>> addNew(List<AuditEvent> events) {
        Map<String, AuditEvent> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(e.id(), e));
        if (unique.isEmpty()) {
            return Mono.just(Set.of());
        }
        int n = unique.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] sources = new String[n];
        String[] subjects = new String[n];
        Instant[] times = new Instant[n];
        String[] headers = new String[n];
        String[] payloads = new String[n];
        String[] tenants = new String[n];
        String[] windows = new String[n];
        int i = 0;
        Base64.Encoder base64 = Base64.getEncoder();
        for (AuditEvent e : unique.values()) {
            ids[i] = e.id();
            topics[i] = e.raw().topic();
            partitions[i] = e.raw().partition();
            offsets[i] = e.raw().offset();
            keys[i] = e.raw().storableKey();
            types[i] = e.type();
            sources[i] = headers(e, CloudEventHeaders.SOURCE);
            subjects[i] = headers(e, CloudEventHeaders.SUBJECT);
            times[i] = e.raw().time();
            headers[i] = JSON.writeValueAsString(e.raw().headerTexts());
            payloads[i] = e.raw().payload() == null ? "" : base64.encodeToString(e.raw().payload());
            tenants[i] = e.tenantId();
            windows[i] = e.windowId();
            i++;
        }
        return db.sql(INSERT).bind(0, ids).bind(1, topics).bind(2, partitions).bind(3, offsets).bind(4, keys)
                .bind(5, types).bind(6, sources).bind(7, subjects).bind(8, times).bind(9, headers).bind(10, payloads)
                .bind(11, tenants).bind(12, windows)
                .map(row -> row.get(0, String.class)).all().collect(HashSet::new, Set::add);
    }

    /**
     * A tenant's events of a window, in time order: the tenant's own events naming the window, the window's phase
     * changes when it is a host window, and the change that ended it (which names no window).
     *
     * @param endEventId the id of the change that ended the window, or {@code null} while it is open
     */
    public Flux<JournalEntry> windowEvents(String tenantId, String windowId, String endEventId) {
        return db.sql(WINDOW_EVENTS).bind(0, windowId).bind(1, tenantId).bind(2, EventTypes.PHASE_CHANGED)
                .bind(3, endEventId == null ? "" : endEventId)
                .map(row -> new JournalEntry(row.get("event_id", String.class), row.get("event_type", String.class),
                        row.get("source", String.class), row.get("subject", String.class),
                        instant(row.get("event_time", OffsetDateTime.class)), row.get("topic", String.class),
                        row.get("kafka_partition", Integer.class), row.get("kafka_offset", Long.class),
                        row.get("event_key", String.class), JSON.readValue(row.get("headers", String.class), HEADERS),
                        bytes(row.get("payload", ByteBuffer.class))))
                .all();
    }

    private static String headers(AuditEvent event, String name) {
        String value = event.raw().header(name);
        return value == null ? null : value.replace('\u0000', '\uFFFD');
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
