package org.jobplatform.benchmarks.propagation;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

/** A set of measured latencies with nearest-rank percentiles; negative values are kept until clamped. */
public final class Latencies {

    private final long[] sortedNanos;

    private Latencies(long[] sortedNanos) {
        this.sortedNanos = sortedNanos;
    }

    /**
     * Creates the set from the given samples.
     *
     * @param samples the measured latencies, in any order
     * @return the set
     */
    public static Latencies of(Collection<Duration> samples) {
        long[] nanos = samples.stream().mapToLong(Duration::toNanos).sorted().toArray();
        return new Latencies(nanos);
    }

    /**
     * Returns how many samples the set holds.
     *
     * @return the sample count
     */
    public int count() {
        return sortedNanos.length;
    }

    /**
     * Returns how many samples are below zero.
     *
     * @return the count of negative samples
     */
    public int negativeCount() {
        return (int) Arrays.stream(sortedNanos).filter(n -> n < 0).count();
    }

    /**
     * Returns a copy in which every negative sample counts as zero.
     *
     * @return the clamped set
     */
    public Latencies clampedAtZero() {
        return new Latencies(Arrays.stream(sortedNanos).map(n -> Math.max(0L, n)).toArray());
    }

    /**
     * Returns the nearest-rank percentile: the smallest sample with at least {@code percent} % of the samples at
     * or below it.
     *
     * @param percent between 0 (exclusive) and 100 (inclusive)
     * @return the percentile
     * @throws IllegalStateException when the set is empty
     */
    public Duration percentile(double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
        }
        requireSamples();
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
        return Duration.ofNanos(sortedNanos[Math.max(1, rank) - 1]);
    }

    /**
     * Returns the smallest sample.
     *
     * @return the minimum
     * @throws IllegalStateException when the set is empty
     */
    public Duration min() {
        requireSamples();
        return Duration.ofNanos(sortedNanos[0]);
    }

    /**
     * Returns the largest sample.
     *
     * @return the maximum
     * @throws IllegalStateException when the set is empty
     */
    public Duration max() {
        requireSamples();
        return Duration.ofNanos(sortedNanos[sortedNanos.length - 1]);
    }

    private void requireSamples() {
        if (sortedNanos.length == 0) {
            throw new IllegalStateException("no samples");
        }
    }
}
