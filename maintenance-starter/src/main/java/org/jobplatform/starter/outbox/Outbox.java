package org.jobplatform.starter.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.starter.messaging.EventCodec;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends events to the outbox inside the caller's reactive transaction. Call {@link OutboxRelay#relayNow()}
 * after the transaction commits to publish without waiting for the next poll.
 */
public class Outbox {

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
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                insert into outbox_event (event_id, topic, event_key, event_type, subject, source, payload, occurred_at)
                values (:id, :topic, :key, :type, :subject, :source, :payload, :at)""")
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

    /** Rows per insert statement: 8 parameters a row stays far below PostgreSQL's 65,535 per statement. */
    static final int ROWS_PER_STATEMENT = 500;

    /**
     * Appends many events, in list order, with one statement per {@value #ROWS_PER_STATEMENT} rows rather than one
     * per event; like {@link #append}, they are published only if the surrounding transaction commits.
     */
    public Mono<Void> appendAll(List<Entry> entries) {
        List<List<Entry>> chunks = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
            chunks.add(entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT)));
        }
        return Flux.fromIterable(chunks).concatMap(this::insert).then();
    }

    private Mono<Long> insert(List<Entry> chunk) {
        StringBuilder sql = new StringBuilder("insert into outbox_event (event_id, topic, event_key, event_type, "
                + "subject, source, payload, occurred_at) values ");
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :topic").append(i).append(", :key")
                    .append(i).append(", :type").append(i).append(", :subject").append(i).append(", :source, :payload")
                    .append(i).append(", :at)");
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bind("source", codec.source())
                .bind("at", Instant.now());
        for (int i = 0; i < chunk.size(); i++) {
            Entry entry = chunk.get(i);
            spec = spec.bind("id" + i, UUID.randomUUID()).bind("topic" + i, entry.topic())
                    .bind("type" + i, EventTypes.of(entry.event().getClass()))
                    .bind("payload" + i, codec.toJson(entry.event()))
                    .bind("key" + i, Parameter.fromOrEmpty(entry.key(), String.class))
                    .bind("subject" + i, Parameter.fromOrEmpty(entry.subject(), String.class));
        }
        return spec.fetch().rowsUpdated();
    }
}
