package org.jobplatform.starter.outbox;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes outbox rows in position order, at once when told and every poll interval otherwise (rows left by
 * a crash, or written by an instance whose relay is off). One relay at a time per database: a transaction-level
 * advisory lock keeps the order across instances. A row is deleted only after the broker acknowledged it
 * ({@code acks=all}), so a crash in between publishes it again: delivery is at least once and consumers are
 * idempotent by event id.
 */
public class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** First key of the relay's advisory lock; the second is the schema's hash ({@code hashtext}). */
    public static final int LOCK_CLASS = 0x6f7574;
    /** What {@link #relayBatch()} emits when another relay of the same schema holds the lock. */
    public static final int LOCKED_ELSEWHERE = -1;
    private static final Duration LOCK_RETRY = Duration.ofMillis(20);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final EventProducer producer;
    private final Duration pollInterval;
    private final int batchSize;
    private final Counter published;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().unicast().onBackpressureBuffer();
    private Disposable loop;

    private record Row(long position, UUID eventId, String topic, String key, String type, String subject,
            String source, byte[] payload, Instant occurredAt) {
    }

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, EventProducer producer, Duration pollInterval,
            int batchSize, MeterRegistry registry) {
        this.db = db;
        this.tx = tx;
        this.producer = producer;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.published = Counter.builder("outbox.published").description("Outbox events published")
                .register(registry);
    }

    /** Starts relaying. */
    public void start() {
        loop = Flux.merge(Flux.interval(Duration.ZERO, pollInterval).map(i -> true), wakeUps.asFlux())
                .onBackpressureLatest()
                .concatMap(signal -> drain().onErrorResume(e -> {
                    log.warn("outbox relay failed; retrying at the next poll: {}", e.getMessage());
                    return Mono.empty();
                }), 1)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
    }

    /** Publishes pending rows as soon as possible (call after a commit that appended); never fails. */
    public void relayNow() {
        // A sink takes one emitter at a time and fails the others; a caller must neither fail (its change is
        // committed) nor lose its wake-up, so callers queue here. The buffer is unbounded: the emit cannot overflow.
        synchronized (wakeUps) {
            wakeUps.tryEmitNext(true);
        }
    }

    /** Publishes batches until none is full. */
    Mono<Void> drain() {
        return relayBatch().expand(count -> {
            if (count == LOCKED_ELSEWHERE) {
                // another instance of this service is relaying and may have read before our commit: retry soon
                return Mono.delay(LOCK_RETRY).then(relayBatch()).filter(c -> c != LOCKED_ELSEWHERE);
            }
            return count >= batchSize ? relayBatch() : Mono.empty();
        }).then();
    }

    /**
     * Publishes one batch; emits how many rows were published, or {@link #LOCKED_ELSEWHERE} when another relay of
     * the same schema holds the lock. The lock is keyed by schema: services share a database, not an outbox.
     */
    public Mono<Integer> relayBatch() {
        Mono<Integer> batch = db.sql("select pg_try_advisory_xact_lock(:key, hashtext(current_schema())) as locked")
                .bind("key", LOCK_CLASS)
                .map((row, meta) -> Boolean.TRUE.equals(row.get("locked", Boolean.class))).one()
                .flatMap(locked -> locked ? publishPending() : Mono.just(LOCKED_ELSEWHERE));
        return tx.transactional(batch);
    }

    private Mono<Integer> publishPending() {
        return db.sql("""
                select position, event_id, topic, event_key, event_type, subject, source, payload, occurred_at
                from outbox_event where published_at is null order by position limit :limit""")
                .bind("limit", batchSize)
                .map((row, meta) -> new Row(row.get("position", Long.class), row.get("event_id", UUID.class),
                        row.get("topic", String.class), row.get("event_key", String.class),
                        row.get("event_type", String.class), row.get("subject", String.class),
                        row.get("source", String.class), bytes(row.get("payload", ByteBuffer.class)),
                        row.get("occurred_at", OffsetDateTime.class).toInstant()))
                .all().collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0) : publish(rows).then(deletePublished(rows)));
    }

    private Mono<Void> publish(List<Row> rows) {
        CompletableFuture<?>[] sends = rows.stream().map(row -> {
            ProducerRecord<String, byte[]> record = EventCodec.toRecord(row.topic(), row.key(),
                    row.eventId().toString(), row.type(), row.source(), row.subject(), row.occurredAt(),
                    row.payload());
            return producer.send(record);
        }).toArray(CompletableFuture[]::new);
        return Mono.fromFuture(CompletableFuture.allOf(sends));
    }

    /**
     * Deletes the rows the broker has acknowledged, in the transaction that read them: the outbox holds only what is
     * still to be published, and a delete costs PostgreSQL a seventh of marking the row (no new row version, no index
     * entries). A crash before the commit leaves the rows, which are published again (at least once).
     */
    private Mono<Integer> deletePublished(List<Row> rows) {
        // by exact position: a row with a lower position may commit after a higher one was read
        Long[] positions = rows.stream().map(Row::position).toArray(Long[]::new);
        return db.sql("delete from outbox_event where position = any(:positions)")
                .bind("positions", positions).fetch().rowsUpdated()
                .map(Long::intValue)
                .doOnNext(published::increment);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
