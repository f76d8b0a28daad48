package org.jobplatform.audit.replay;

import java.time.Instant;
import java.util.List;

import org.jobplatform.audit.projection.Comparison;

/**
 * What a replay did and how far it got; the answer of the replay API, kept as the replay's row.
 *
 * @param id                 the replay
 * @param state              {@code READING} (from the beginning of the topics up to their end offsets at the start),
 *                           {@code CATCHING_UP} (up to where the live consumers are), {@code COMPARING} (the live
 *                           consumers wait while the generations are compared and swapped), then {@code SWAPPED} or
 *                           {@code FAILED}
 * @param requestedBy        who asked for it
 * @param startedAt          when it started
 * @param finishedAt         when it ended, or {@code null}
 * @param generation         the generation it builds
 * @param liveGeneration     the live generation it compares with and replaces
 * @param eventsRead         records read so far
 * @param undecodable        records that could not be processed (the live consumers dead-lettered them)
 * @param readSeconds        how long reading up to the end offsets took, once done
 * @param eventsPerSecond    records read per second of reading
 * @param topics             offsets read and end offsets, per topic and partition
 * @param complete           whether every partition still held its first record (offset 0), so that the replay saw
 *                           every event ever published; {@code false} when retention deleted some
 * @param liveBehind         records the live consumers had not applied yet when the comparison was made (their
 *                           differences are expected and the live consumers apply those records afterwards)
 * @param comparison         the row-by-row comparison of the rebuilt logs with the live ones, once made
 * @param comparisonMillis   how long comparing and swapping held the live consumers
 * @param error              why it failed, or {@code null}
 */
public record ReplayReport(String id, String state, String requestedBy, Instant startedAt, Instant finishedAt,
        int generation, int liveGeneration, long eventsRead, long undecodable, Double readSeconds,
        Double eventsPerSecond, List<TopicProgress> topics, boolean complete, long liveBehind, Comparison comparison,
        Long comparisonMillis, String error) {

    /** States of a replay. */
    public static final String READING = "READING";
    public static final String CATCHING_UP = "CATCHING_UP";
    public static final String COMPARING = "COMPARING";
    public static final String SWAPPED = "SWAPPED";
    public static final String FAILED = "FAILED";

    /**
     * Progress through one topic.
     *
     * @param topic      the topic
     * @param position   offsets read, summed over its partitions
     * @param endOffset  end offsets to read up to, summed over its partitions
     * @param partitions each partition
     */
    public record TopicProgress(String topic, long position, long endOffset, List<PartitionProgress> partitions) {
    }

    /**
     * Progress through one partition.
     *
     * @param partition       the partition
     * @param beginningOffset the first offset it still held
     * @param position        the next offset to read
     * @param endOffset       the offset to read up to
     */
    public record PartitionProgress(int partition, long beginningOffset, long position, long endOffset) {
    }

    /** Whether the replay has ended, swapped or failed. */
    public boolean finished() {
        return SWAPPED.equals(state) || FAILED.equals(state);
    }
}
