package org.jobplatform.audit.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jobplatform.audit.projection.Comparison;
import org.jobplatform.audit.projection.FactBatch;

/** The running replay's state, written by the replay's thread and read as reports by any other. */
final class ReplayProgress {

    private final ReplayReport initial;
    private final Map<FactBatch.Partition, Long> beginning = new TreeMap<>();
    private final Map<FactBatch.Partition, Long> positions = new TreeMap<>();
    private final Map<FactBatch.Partition, Long> ends = new TreeMap<>();
    private String state;
    private long eventsRead;
    private long undecodable;
    private Double readSeconds;
    private long readEvents;
    private long readStart = System.nanoTime();
    private long liveBehind;
    private Comparison comparison;
    private Long comparisonMillis;
    private Instant finishedAt;
    private String error;

    ReplayProgress(ReplayReport initial) {
        this.initial = initial;
        this.state = initial.state();
    }

    synchronized void start(Map<FactBatch.Partition, Long> beginningOffsets,
            Map<FactBatch.Partition, Long> endOffsets) {
        beginning.putAll(beginningOffsets);
        positions.putAll(beginningOffsets);
        ends.putAll(endOffsets);
        readStart = System.nanoTime();
    }

    /** The next offset to read of each partition, as a copy. */
    synchronized Map<FactBatch.Partition, Long> positions() {
        return new TreeMap<>(positions);
    }

    synchronized void read(Map<FactBatch.Partition, Long> next, long events, long failed) {
        next.forEach((p, offset) -> positions.merge(p, offset, Math::max));
        eventsRead += events;
        undecodable += failed;
    }

    synchronized void extendEnds(Map<FactBatch.Partition, Long> targets) {
        targets.forEach((p, offset) -> ends.merge(p, offset, Math::max));
    }

    synchronized void state(String next) {
        state = next;
    }

    synchronized void readDone(double seconds) {
        readSeconds = seconds;
        readEvents = eventsRead;
    }

    synchronized long eventsRead() {
        return eventsRead;
    }

    /** Fraction of the records to read that have been read, from 0 to 1. */
    synchronized double fraction() {
        long total = 0;
        long done = 0;
        for (var e : ends.entrySet()) {
            long from = beginning.getOrDefault(e.getKey(), 0L);
            total += Math.max(0, e.getValue() - from);
            done += Math.max(0, Math.min(positions.getOrDefault(e.getKey(), from), e.getValue()) - from);
        }
        return total == 0 ? 1.0 : (double) done / total;
    }

    synchronized void swapped(Comparison result, long behind, long millis) {
        comparison = result;
        liveBehind = behind;
        comparisonMillis = millis;
        state = ReplayReport.SWAPPED;
        finishedAt = Instant.now();
    }

    synchronized void failed(String why) {
        error = why;
        state = ReplayReport.FAILED;
        finishedAt = Instant.now();
    }

    synchronized ReplayReport report() {
        Map<String, List<ReplayReport.PartitionProgress>> byTopic = new LinkedHashMap<>();
        for (var e : ends.entrySet()) {
            FactBatch.Partition p = e.getKey();
            byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(new ReplayReport.PartitionProgress(
                    p.partition(), beginning.getOrDefault(p, 0L), positions.getOrDefault(p, 0L), e.getValue()));
        }
        List<ReplayReport.TopicProgress> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new ReplayReport.TopicProgress(topic,
                partitions.stream().mapToLong(ReplayReport.PartitionProgress::position).sum(),
                partitions.stream().mapToLong(ReplayReport.PartitionProgress::endOffset).sum(), partitions)));
        boolean complete = !beginning.isEmpty() && beginning.values().stream().allMatch(o -> o == 0);
        double seconds = readSeconds != null ? readSeconds : (System.nanoTime() - readStart) / 1e9;
        long counted = readSeconds != null ? readEvents : eventsRead;
        Double rate = seconds <= 0 ? null : Math.round(counted / seconds * 10) / 10.0;
        return new ReplayReport(initial.id(), state, initial.requestedBy(), initial.startedAt(), finishedAt,
                initial.generation(), initial.liveGeneration(), eventsRead, undecodable, readSeconds, rate, topics,
                complete, liveBehind, comparison, comparisonMillis, error);
    }
}
