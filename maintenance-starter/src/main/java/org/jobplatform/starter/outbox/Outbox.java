package org.jobplatform.starter.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.starter.messaging.EventCodec;
import org.springframework.r2dbc.core.DatabaseClient;

import reactor.core.publisher.Mono;

/**
 * Appends events to the outbox inside the caller's reactive transaction. Call {@link OutboxRelay#relayNow()}
 * after the transaction commits to publish without waiting for the next poll.
 */
public class Outbox {

    /**
     * The start of an insert into the outbox, for a statement that writes its events itself (from rows it changed,
     * in the same statement): the columns to give, in this order, are the event's id, topic, key, CloudEvents type,
     * subject, source, payload (the JSON as bytes) and when it occurred.
     */
    public static final String INSERT_INTO = "insert into outbox_event (event_id, topic, event_key, event_type, "
            + "subject, source, payload, occurred_at) ";

    private final DatabaseClient db;
    private final EventCodec codec;

    public Outbox(DatabaseClient db, EventCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    /**
     * Appends an event; it is published only if the surrounding transaction commits.
     *
     * @return the event's id (its CloudEvents {@code id})
     */
    public Mono<UUID> append(String topic, String key, Object event, String subject) {
        UUID id = UUID.randomUUID();
        DatabaseClient.GenericExecuteSpec spec = db.sql(INSERT_INTO
                + "values (:id, :topic, :key, :type, :subject, :source, :payload, :at)")
                .bind("id", id).bind("topic", topic).bind("type", EventTypes.of(event.getClass()))
                .bind("source", codec.source()).bind("payload", codec.toJson(event)).bind("at", Instant.now());
        spec = key == null ? spec.bindNull("key", String.class) : spec.bind("key", key);
        spec = subject == null ? spec.bindNull("subject", String.class) : spec.bind("subject", subject);
        return spec.fetch().rowsUpdated().thenReturn(id);
    }

    /**
     * One event to append.
     *
     * @param topic   its topic
     * @param key     its key, or {@code null}
     * @param event   the event record
     * @param subject its CloudEvents subject, or {@code null}
     */
    public record Entry(String topic, String key, Object event, String subject) {
    }

    /**
     * Appends many events, in list order, with one statement whatever their number (each column bound as one array),
     * rather than one per event; like {@link #append}, they are published only if the surrounding transaction commits.
     */
    public Mono<Void> appendAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        int size = entries.size();
        UUID[] ids = new UUID[size];
        String[] topics = new String[size];
        String[] keys = new String[size];
        String[] types = new String[size];
        String[] subjects = new String[size];
        String[] payloads = new String[size];
        for (int i = 0; i < size; i++) {
            Entry entry = entries.get(i);
            ids[i] = UUID.randomUUID();
            topics[i] = entry.topic();
            keys[i] = entry.key();
            types[i] = EventTypes.of(entry.event().getClass());
            subjects[i] = entry.subject();
            // JSON is UTF-8 text: sent as text, stored as the same bytes
            payloads[i] = new String(codec.toJson(entry.event()), StandardCharsets.UTF_8);
        }
        // positions are drawn in the select's order, which is the list's
        return db.sql(INSERT_INTO + """
                select d.id, d.topic, d.key, d.type, d.subject, :source, convert_to(d.payload, 'UTF8'), :at
                from unnest(:ids, :topics, :keys, :types, :subjects, :payloads) with ordinality
                  as d(id, topic, key, type, subject, payload, n)
                order by d.n""")
                .bindValues(Map.of("ids", ids, "topics", topics, "keys", keys, "types", types, "subjects", subjects,
                        "payloads", payloads, "source", codec.source(), "at", Instant.now()))
                .then();
    }
}
