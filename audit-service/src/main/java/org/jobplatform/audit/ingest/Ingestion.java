package org.jobplatform.audit.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.audit.AuditProperties;
import org.jobplatform.audit.event.AuditEvent;
import org.jobplatform.audit.event.EventDecoder;
import org.jobplatform.audit.event.RawEvent;
import org.jobplatform.audit.journal.persistence.JournalStore;
import org.jobplatform.audit.projection.FactBatch;
import org.jobplatform.audit.projection.Projector;
import org.jobplatform.audit.projection.persistence.ProjectionStore;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.messaging.TopicFollower;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Applies a batch the live consumers read, in one transaction: journals the events not journaled yet (by
 * CloudEvents id), derives the facts of exactly those into the live generation, and moves the live generation's
 * positions. The transaction first takes the projection lock shared, so a replay's swap never interleaves with it.
 * Records that can never be processed are dead-lettered once the batch is committed; a database failure fails the
 * whole batch, which the binder delivers again.
 *
 * <p>Idempotent twice over: an event id already journaled yields nothing, and every fact is a natural-key upsert whose
 * merge ignores repetition and order.
 */
@Component
public class Ingestion {

    /** The consumer group of the live consumers; dead letters go to {@code <topic>.audit-service.dlt}. */
    public static final String GROUP = "audit-service";

    private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

    private final EventDecoder decoder;
    private final JournalStore journal;
    private final ProjectionStore projection;
    private final TransactionalOperator tx;
    private final AuditProperties.Ingest settings;
    private final TopicFollower.DeadLetters deadLetters;
    private final MeterRegistry registry;

    public Ingestion(EventDecoder decoder, JournalStore journal, ProjectionStore projection, TransactionalOperator tx,
            AuditProperties properties, EventProducer producer, MeterRegistry registry) {
        this.decoder = decoder;
        this.journal = journal;
        this.projection = projection;
        this.tx = tx;
        this.settings = properties.getIngest();
        this.deadLetters = TopicFollower.DeadLetters.to(producer, GROUP);
        this.registry = registry;
    }

    /** What a batch changed. */
    record Applied(int fresh, int repeated) {
    }

    /**
     * Processes a batch read from one topic.
     *
     * @throws RuntimeException when the database failed; nothing of the batch was kept, and it is to be delivered
     *                          again
     */
    public void accept(String topic, List<RawEvent> records) {
        List<AuditEvent> events = new ArrayList<>(records.size());
        List<Map.Entry<RawEvent, UndecodableEventException>> poison = new ArrayList<>();
        Map<FactBatch.Partition, Long> positions = new TreeMap<>();
        for (RawEvent record : records) {
            positions.merge(new FactBatch.Partition(record.topic(), record.partition()), record.offset() + 1,
                    Math::max);
            try {
                events.add(decoder.decode(record));
            } catch (UndecodableEventException e) {
                poison.add(Map.entry(record, e));
            }
        }
        Applied applied;
        try {
            applied = apply(events, positions).block(settings.getBatchTimeout());
        } catch (RuntimeException e) {
            registry.counter("audit.ingest.failures", "topic", topic).increment();
            log.warn("a batch of {} records of {} failed and will be delivered again: {}", records.size(), topic,
                    e.toString());
            throw e;
        }
        for (var dead : poison) {
            log.error("cannot process {}; sending it to the dead-letter topic: {}", dead.getKey().coordinates(),
                    dead.getValue().getMessage());
            deadLetters.send(consumerRecord(dead.getKey()), dead.getValue());
            registry.counter("audit.events.dead.lettered", "topic", topic).increment();
        }
        if (applied != null) {
            registry.counter("audit.events.processed", "topic", topic).increment(applied.fresh());
            registry.counter("audit.events.repeated", "topic", topic).increment(applied.repeated());
        }
    }

    /**
     * Gives up on a record whose batch failed every attempt: sends it to the dead-letter topic with the error, and
     * notes it as handled in the live generation's positions (when the database answers), so that lag and replays
     * do not wait for it. What it said is missing from the live logs until a replay restores it.
     */
    public void giveUp(RawEvent record, Exception error) {
        log.error("giving up on {} after every attempt; sending it to the dead-letter topic: {}",
                record.coordinates(), error.getMessage());
        deadLetters.send(consumerRecord(record), error);
        registry.counter("audit.events.dead.lettered", "topic", record.topic()).increment();
        Map<FactBatch.Partition, Long> position = Map.of(new FactBatch.Partition(record.topic(), record.partition()),
                record.offset() + 1);
        try {
            tx.transactional(projection.lockShared().then(projection.lockTimeout(settings.getLockTimeout()))
                    .then(projection.liveGeneration())
                    .flatMap(generation -> projection.positions(generation, position)))
                    .block(settings.getBatchTimeout());
        } catch (RuntimeException e) {
            log.warn("could not note {} as handled: {}", record.coordinates(), e.toString());
        }
    }

    /** Journals and projects the events and moves the positions, in one transaction. */
    Mono<Applied> apply(List<AuditEvent> events, Map<FactBatch.Partition, Long> positions) {
        Mono<Applied> work = projection.lockShared()
                .then(projection.lockTimeout(settings.getLockTimeout()))
                .then(projection.liveGeneration())
                .flatMap(generation -> journal.addNew(events).flatMap(fresh -> {
                    Set<String> unprojected = new HashSet<>(fresh);
                    FactBatch batch = new FactBatch();
                    for (AuditEvent event : events) {
                        if (unprojected.remove(event.id())) {
                            Projector.project(event, batch);
                        }
                    }
                    positions.forEach((p, next) -> batch.position(p.topic(), p.partition(), next));
                    return projection.write(generation, batch)
                            .thenReturn(new Applied(fresh.size(), events.size() - fresh.size()));
                }));
        return tx.transactional(work);
    }

    private static ConsumerRecord<String, byte[]> consumerRecord(RawEvent raw) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(),
                raw.key(), raw.payload());
        raw.headers().forEach(header -> record.headers().add(header));
        return record;
    }
}
