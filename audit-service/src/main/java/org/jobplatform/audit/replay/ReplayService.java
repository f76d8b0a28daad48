package org.jobplatform.audit.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.audit.AuditProperties;
import org.jobplatform.audit.event.EventDecoder;
import org.jobplatform.audit.projection.Comparison;
import org.jobplatform.audit.projection.FactBatch;
import org.jobplatform.audit.projection.persistence.ProjectionComparison;
import org.jobplatform.audit.projection.persistence.ProjectionStore;
import org.jobplatform.audit.replay.persistence.ReplayRuns;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.MaintenanceAutoConfiguration.KafkaClientSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Rebuilds the logs from the beginning of the topics into a new generation and swaps it in, while the live
 * generation keeps serving reads and the live consumers keep writing to it:
 *
 * <ol>
 * <li>READING: the three topics from their first record up to the end offsets seen at the start; the consumer decodes
 * each record into its facts as it parses the fetch ({@link ReplayDecoder}), the polls' facts are merged in memory and
 * written with one statement per table by writers of their own while reading goes on.</li>
 * <li>CATCHING_UP: up to the offsets the live generation has applied, and waiting (at most
 * {@code audit.replay.live-catch-up}) for the live consumers to reach the offsets the replay read.</li>
 * <li>COMPARING: in one transaction holding the projection lock exclusively (the live consumers wait): the last
 * records the live consumers applied meanwhile, a row-by-row comparison of the two generations, and the switch of
 * the live pointer. Both generations have then read exactly the same records, unless the live consumers were still
 * behind (reported as {@code liveBehind}); they go on from their own offsets into the new generation, and what they
 * read again changes nothing.</li>
 * </ol>
 *
 * At most one replay runs across every instance. The generation replaced stays until the next replay starts, for
 * inspection; a failed replay's generation is dropped.
 */
@Service
public class ReplayService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    private static final Duration SAVE_EVERY = Duration.ofSeconds(1);
    private static final Duration LIVE_POLL = Duration.ofMillis(200);
    /** Batches written at once, on a connection each. */
    private static final int WRITERS = 3;
    /** Batches of facts that may be written or wait for a writer before reading waits: one per writer. */
    private static final int WRITES_QUEUED = WRITERS;

    private final ProjectionStore store;
    private final ProjectionComparison comparison;
    private final ReplayRuns runs;
    private final EventDecoder decoder;
    private final TransactionalOperator tx;
    private final AuditProperties.Replay settings;
    private final Map<String, Object> kafka;
    private final MeterRegistry registry;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "audit-replay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<ReplayProgress> current = new AtomicReference<>();
    private final AtomicLong lastDifferences = new AtomicLong(-1);
    private volatile boolean stopping;

    public ReplayService(ProjectionStore store, ProjectionComparison comparison, ReplayRuns runs,
            EventDecoder decoder, TransactionalOperator tx, AuditProperties properties, KafkaClientSettings kafka,
            MeterRegistry registry) {
        this.store = store;
        this.comparison = comparison;
        this.runs = runs;
        this.decoder = decoder;
        this.tx = tx;
        this.settings = properties.getReplay();
        this.kafka = kafka.properties();
        this.registry = registry;
        Gauge.builder("audit.replay.running", current, c -> c.get() == null ? 0 : 1)
                .description("1 while this instance runs a replay").register(registry);
        Gauge.builder("audit.replay.events.read", current, c -> c.get() == null ? 0 : c.get().eventsRead())
                .description("Records the running replay has read").register(registry);
        Gauge.builder("audit.replay.progress", current, c -> c.get() == null ? 0 : c.get().fraction())
                .description("Fraction of the records up to the end offsets the running replay has read")
                .register(registry);
        Gauge.builder("audit.replay.differences", lastDifferences, AtomicLong::get)
                .description("Rows the last replay found different from the live logs (-1 before any)")
                .register(registry);
    }

    /** Starts a replay; emits its first report, or fails with {@link ReplayRunningException}. */
    public Mono<ReplayReport> start(String requestedBy) {
        return runs.abandonSilent(settings.getAbandonedAfter())
                .then(Mono.zip(store.liveGeneration(), store.nextGeneration()))
                .flatMap(generations -> {
                    ReplayReport report = new ReplayReport(UUID.randomUUID().toString(), ReplayReport.READING,
                            requestedBy, Instant.now(), null, generations.getT2(), generations.getT1(), 0, 0, null,
                            null, List.of(), false, 0, null, null, null);
                    return runs.begin(report).flatMap(begun -> begun ? Mono.just(report)
                            : runs.unfinished().defaultIfEmpty(report)
                                    .flatMap(other -> Mono.<ReplayReport>error(new ReplayRunningException(other))));
                })
                .doOnNext(report -> executor.execute(() -> run(report)));
    }

    /**
     * The latest report of a replay: this instance's running one as it is now, else the stored one (a finished replay
     * is reported from its row, so that it is never seen finished before another one may start).
     */
    public Mono<ReplayReport> find(UUID id) {
        ReplayReport running = running();
        if (running != null && running.id().equals(id.toString())) {
            return Mono.just(running);
        }
        return runs.find(id);
    }

    /** The latest replay's report. */
    public Mono<ReplayReport> latest() {
        return runs.latest().map(stored -> {
            ReplayReport running = running();
            return running != null && running.id().equals(stored.id()) ? running : stored;
        });
    }

    /** This instance's replay as it is now, while it has not finished. */
    private ReplayReport running() {
        ReplayProgress progress = current.get();
        if (progress == null) {
            return null;
        }
        ReplayReport report = progress.report();
        return report.finished() ? null : report;
    }

    private void run(ReplayReport initial) {
        ReplayProgress progress = new ReplayProgress(initial);
        current.set(progress);
        long started = System.nanoTime();
        int live = initial.liveGeneration();
        int generation = initial.generation();
        try (TopicReader<RecordFacts> reader = new TopicReader<>(kafka, new ReplayDecoder(decoder),
                settings.getPollRecords(), settings.getFetchBytes())) {
            store.generations().filter(g -> g != live && g != generation).concatMap(store::dropGeneration)
                    .then(store.createGeneration(generation)).block();
            List<FactBatch.Partition> partitions = reader.partitions(Topics.REPLAYED_BY_AUDIT);
            Map<FactBatch.Partition, Long> beginning = reader.beginningOffsets(partitions);
            Map<FactBatch.Partition, Long> end = reader.endOffsets(partitions);
            progress.start(beginning, end);
            save(progress);
            long readStart = System.nanoTime();
            readInto(reader, generation, progress, end);
            progress.readDone((System.nanoTime() - readStart) / 1e9);
            progress.state(ReplayReport.CATCHING_UP);
            save(progress);
            catchUp(reader, live, generation, beginning, progress);
            progress.state(ReplayReport.COMPARING);
            save(progress);
            long compareStart = System.nanoTime();
            long[] behind = new long[1];
            Mono<Comparison> swap = store.lockExclusive()
                    .then(store.positions(live))
                    .flatMap(livePositions -> Mono.fromCallable(() -> {
                        Map<FactBatch.Partition, Long> target = targets(progress.positions(), livePositions,
                                beginning);
                        progress.extendEnds(target);
                        FactBatch last = new FactBatch();
                        reader.read(progress.positions(), target, records -> fold(records, last, progress),
                                () -> stopping);
                        behind[0] = behind(progress.positions(), livePositions, beginning);
                        return last;
                    }).subscribeOn(Schedulers.boundedElastic()))
                    .flatMap(last -> store.write(generation, last))
                    .then(Mono.defer(() -> store.positions(generation, progress.positions())))
                    .then(Mono.defer(() -> {
                        requireRunning();
                        return comparison.compare(live, generation, settings.getListedDifferences());
                    }))
                    .flatMap(result -> store.makeLive(generation).thenReturn(result));
            Comparison result = tx.transactional(swap).block();
            progress.swapped(result, behind[0], (System.nanoTime() - compareStart) / 1_000_000);
            lastDifferences.set(result.differences());
            log.info("replay {} swapped generation {} in for {}: {} events, {} differences", initial.id(),
                    generation, live, progress.eventsRead(), result.differences());
            record(started, "swapped");
        } catch (RuntimeException | Error e) {
            log.error("replay {} failed", initial.id(), e);
            progress.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            record(started, "failed");
            try {
                store.dropGeneration(generation).block(Duration.ofSeconds(30));
            } catch (RuntimeException dropFailed) {
                log.warn("could not drop generation {} of failed replay {}", generation, initial.id(), dropFailed);
            }
        } finally {
            try {
                save(progress);
            } catch (RuntimeException e) {
                log.error("could not save the report of replay {}", initial.id(), e);
            }
            current.set(null);
        }
    }

    /**
     * Reads up to the targets into the generation. Each poll's records arrive decoded into their facts (the consumer
     * decodes them as it parses the fetched data), are merged into the pending batch, and every
     * {@code audit.replay.write-every} events the batch is handed to a writer that writes one batch after the other
     * while reading goes on.
     */
    private void readInto(TopicReader<RecordFacts> reader, int generation, ReplayProgress progress,
            Map<FactBatch.Partition, Long> targets) {
        Writer writer = new Writer(generation);
        FactBatch[] pending = {new FactBatch()};
        long[] lastSave = {System.nanoTime()};
        reader.read(progress.positions(), targets, records -> {
            fold(records, pending[0], progress);
            if (pending[0].events() >= settings.getWriteEvery()) {
                writer.submit(pending[0]);
                pending[0] = new FactBatch();
                writer.awaitBacklog(WRITES_QUEUED);
            }
            if (System.nanoTime() - lastSave[0] > SAVE_EVERY.toNanos()) {
                lastSave[0] = System.nanoTime();
                save(progress);
            }
        }, () -> stopping);
        writer.submit(pending[0]);
        writer.awaitBacklog(0);
        requireRunning();
    }

    /**
     * Merges a poll's facts into the batch and moves the progress past its records (a poll holds each partition's
     * records together and in order).
     */
    private static void fold(List<ConsumerRecord<Void, RecordFacts>> records, FactBatch batch,
            ReplayProgress progress) {
        Map<FactBatch.Partition, Long> next = new TreeMap<>();
        long undecodable = 0;
        ConsumerRecord<Void, RecordFacts> previous = null;
        for (ConsumerRecord<Void, RecordFacts> record : records) {
            if (previous != null && (previous.partition() != record.partition()
                    || !previous.topic().equals(record.topic()))) {
                next.merge(new FactBatch.Partition(previous.topic(), previous.partition()), previous.offset() + 1,
                        Math::max);
            }
            RecordFacts facts = record.value();
            if (facts.undecodable()) {
                undecodable++;
            } else {
                facts.addTo(batch);
            }
            previous = record;
        }
        if (previous != null) {
            next.merge(new FactBatch.Partition(previous.topic(), previous.partition()), previous.offset() + 1,
                    Math::max);
        }
        progress.read(next, records.size(), undecodable);
    }

    /**
     * Writes batches of facts into a generation, each in a transaction of its own, on {@link #WRITERS} connections at
     * once so that one batch is encoded while another is written: the facts' merges are commutative and each statement
     * takes its rows in key order, so batches written side by side give the same rows and wait for each other at most
     * on a shared row, never in a cycle.
     */
    private final class Writer {

        private final int generation;
        private final List<CompletableFuture<Void>> lanes = new ArrayList<>();
        private int queued;
        private int next;

        Writer(int generation) {
            this.generation = generation;
            for (int i = 0; i < WRITERS; i++) {
                lanes.add(CompletableFuture.completedFuture(null));
            }
        }

        synchronized void submit(FactBatch facts) {
            if (facts.hasNoFacts()) {
                return;
            }
            queued++;
            int lane = next;
            next = (next + 1) % WRITERS;
            lanes.set(lane, lanes.get(lane).thenCompose(written -> tx.transactional(store.relaxedCommit()
                    .then(store.write(generation, facts))).toFuture())
                    .whenComplete((written, error) -> done()));
        }

        private synchronized void done() {
            queued--;
        }

        /** Waits until at most {@code backlog} batches wait to be written; throws what a write threw. */
        void awaitBacklog(int backlog) {
            while (true) {
                CompletableFuture<?> any;
                synchronized (this) {
                    for (CompletableFuture<Void> lane : lanes) {
                        if (lane.isCompletedExceptionally()) {
                            lane.join();
                        }
                    }
                    if (queued <= backlog) {
                        return;
                    }
                    CompletableFuture<?>[] writing = lanes.stream().filter(lane -> !lane.isDone())
                            .toArray(CompletableFuture[]::new);
                    if (writing.length == 0) {
                        return;
                    }
                    any = CompletableFuture.anyOf(writing);
                }
                any.join();
            }
        }
    }

    /**
     * Reads up to where the live consumers are, and waits a while for them where they are behind the replay, so that
     * the comparison is made on the same records.
     */
    private void catchUp(TopicReader<RecordFacts> reader, int live, int generation,
            Map<FactBatch.Partition, Long> beginning, ReplayProgress progress) {
        long deadline = System.nanoTime() + settings.getLiveCatchUp().toNanos();
        while (true) {
            requireRunning();
            Map<FactBatch.Partition, Long> livePositions = store.positions(live).block();
            Map<FactBatch.Partition, Long> targets = targets(progress.positions(), livePositions, beginning);
            progress.extendEnds(targets);
            readInto(reader, generation, progress, targets);
            if (behind(progress.positions(), livePositions, beginning) == 0 || System.nanoTime() > deadline) {
                return;
            }
            LockSupport.parkNanos(LIVE_POLL.toNanos());
        }
    }

    /** Per partition, the further of the replay's and the live generation's positions. */
    private static Map<FactBatch.Partition, Long> targets(Map<FactBatch.Partition, Long> replay,
            Map<FactBatch.Partition, Long> live, Map<FactBatch.Partition, Long> beginning) {
        Map<FactBatch.Partition, Long> targets = new TreeMap<>(replay);
        live.forEach((p, offset) -> {
            if (beginning.containsKey(p)) {
                targets.merge(p, offset, Math::max);
            }
        });
        return targets;
    }

    /** Records the replay read that the live generation has not applied yet. */
    private static long behind(Map<FactBatch.Partition, Long> replay, Map<FactBatch.Partition, Long> live,
            Map<FactBatch.Partition, Long> beginning) {
        long behind = 0;
        for (var e : replay.entrySet()) {
            long livePosition = live.getOrDefault(e.getKey(), beginning.getOrDefault(e.getKey(), 0L));
            behind += Math.max(0, e.getValue() - livePosition);
        }
        return behind;
    }

    private void requireRunning() {
        if (stopping) {
            throw new IllegalStateException("the service stopped during the replay");
        }
    }

    private void save(ReplayProgress progress) {
        runs.save(progress.report()).block(Duration.ofSeconds(30));
    }

    private void record(long startedNanos, String outcome) {
        Timer.builder("audit.replay.duration").tag("outcome", outcome).register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
