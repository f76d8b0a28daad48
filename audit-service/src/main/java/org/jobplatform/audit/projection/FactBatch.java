package org.jobplatform.audit.projection;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The facts of a batch of events, merged by natural key (a database upsert may touch a row only once per
 * statement) and kept in key order (so that concurrent writers lock rows in the same order), with the next offset
 * to read of each partition the batch covered.
 */
public final class FactBatch {

    private final Set<String> tenants = new TreeSet<>();
    private final Map<String, PhaseFact> phases = new TreeMap<>();
    private final Map<String, WindowFact> windows = new TreeMap<>();
    private final Map<String, JobEndFact> jobs = new TreeMap<>();
    private final Map<SkipFact.Key, SkipFact> skips = new TreeMap<>();
    private final Map<Partition, Long> positions = new TreeMap<>();
    private long events;

    /**
     * A partition of a topic.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public record Partition(String topic, int partition) implements Comparable<Partition> {
        @Override
        public int compareTo(Partition other) {
            int c = topic.compareTo(other.topic);
            return c != 0 ? c : Integer.compare(partition, other.partition);
        }
    }

    /** Makes the tenant known. */
    public void tenant(String tenantId) {
        if (tenantId != null) {
            tenants.add(tenantId);
        }
    }

    void phase(PhaseFact fact) {
        phases.merge(fact.scopeKey() + "#" + fact.epoch(), fact, PhaseFact::merge);
    }

    void window(WindowFact fact) {
        windows.merge(fact.windowId(), fact, WindowFact::merge);
    }

    /** Merges a job's end. */
    public void job(JobEndFact fact) {
        jobs.merge(fact.jobId(), fact, JobEndFact::merge);
    }

    /** Merges a skipped execution. */
    public void skip(SkipFact fact) {
        skips.merge(fact.key(), fact, SkipFact::merge);
    }

    /** Notes that the partition has been read up to (excluding) {@code nextOffset}. */
    public void position(String topic, int partition, long nextOffset) {
        positions.merge(new Partition(topic, partition), nextOffset, Math::max);
    }

    /** Merges another batch into this one, fact by fact. */
    public void addAll(FactBatch other) {
        tenants.addAll(other.tenants);
        other.phases.values().forEach(this::phase);
        other.windows.values().forEach(this::window);
        other.jobs.values().forEach(this::job);
        other.skips.values().forEach(this::skip);
        other.positions.forEach((p, next) -> positions.merge(p, next, Math::max));
        events += other.events;
    }

    /** Counts an event read, whether or not it yielded facts. */
    public void counted() {
        events++;
    }

    public Collection<String> tenants() {
        return tenants;
    }

    public Collection<PhaseFact> phases() {
        return phases.values();
    }

    public Collection<WindowFact> windows() {
        return windows.values();
    }

    public Collection<JobEndFact> jobs() {
        return jobs.values();
    }

    public Collection<SkipFact> skips() {
        return skips.values();
    }

    public Map<Partition, Long> positions() {
        return positions;
    }

    /** Events counted into the batch. */
    public long events() {
        return events;
    }

    /** Whether the batch holds no fact (it may still hold positions). */
    public boolean hasNoFacts() {
        return tenants.isEmpty() && phases.isEmpty() && windows.isEmpty() && jobs.isEmpty() && skips.isEmpty();
    }
}
