package org.jobplatform.starter.outbox;

import java.time.Instant;
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
}
