package org.jobplatform.audit.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.audit.event.EventDecoder;
import org.jobplatform.audit.event.RawEvent;
import org.jobplatform.audit.projection.FactBatch;
import org.jobplatform.audit.projection.Projector;
import org.jobplatform.starter.messaging.UndecodableEventException;

/**
 * Decodes and projects a poll's records on several threads, a slice each, and merges their facts into one batch:
 * decoding is most of a replay's work, and the facts' merge does not care which thread saw which event.
 */
final class ParallelProjection implements AutoCloseable {

    /** Below this many records a poll is not split. */
    private static final int MIN_SLICE = 1_000;

    private final EventDecoder decoder;
    private final int threads;
    private final ExecutorService pool;

    /**
     * The facts of some records.
     *
     * @param facts       their facts
     * @param next        per partition, the offset after the last record
     * @param events      records read
     * @param undecodable records that could not be processed
     */
    record Result(FactBatch facts, Map<FactBatch.Partition, Long> next, long events, long undecodable) {
    }

    ParallelProjection(EventDecoder decoder, int threads) {
        this.decoder = decoder;
        this.threads = Math.max(1, threads);
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread thread = new Thread(r, "audit-replay-decoder-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Decodes and projects the records; completes with their merged facts. */
    CompletableFuture<Result> project(List<ConsumerRecord<String, byte[]>> records) {
        int slices = Math.max(1, Math.min(threads, records.size() / MIN_SLICE));
        int size = (records.size() + slices - 1) / slices;
        List<CompletableFuture<Result>> parts = new ArrayList<>(slices);
        for (int from = 0; from < records.size(); from += size) {
            List<ConsumerRecord<String, byte[]>> slice = records.subList(from, Math.min(records.size(), from + size));
            parts.add(CompletableFuture.supplyAsync(() -> slice(slice), pool));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Result first = parts.get(0).join();
            FactBatch facts = first.facts();
            Map<FactBatch.Partition, Long> next = new TreeMap<>(first.next());
            long events = first.events();
            long undecodable = first.undecodable();
            for (int i = 1; i < parts.size(); i++) {
                Result part = parts.get(i).join();
                facts.addAll(part.facts());
                part.next().forEach((p, offset) -> next.merge(p, offset, Math::max));
                events += part.events();
                undecodable += part.undecodable();
            }
            return new Result(facts, next, events, undecodable);
        });
    }

    private Result slice(List<ConsumerRecord<String, byte[]>> records) {
        FactBatch facts = new FactBatch();
        Map<FactBatch.Partition, Long> next = new TreeMap<>();
        long undecodable = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            next.merge(new FactBatch.Partition(record.topic(), record.partition()), record.offset() + 1, Math::max);
            try {
                Projector.project(decoder.decode(RawEvent.of(record)), facts);
            } catch (UndecodableEventException e) {
                undecodable++;
            }
        }
        return new Result(facts, next, records.size(), undecodable);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
