package org.jobplatform.benchmarks.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jobplatform.benchmarks.propagation.Latencies;

/**
 * Counts the answers of one target's load, thread-safe. An answer belongs to the measured period when it arrived in
 * it ({@code measureStart <= finished < measureEnd}), whenever its request left; answers before are warmup, after
 * are the drain of the requests still in flight and are ignored.
 */
final class Tally {

    private final int expectedStatus;
    private final String expectedBody;
    private final long measureStart;
    private final long measureEnd;
    private long[] latencies = new long[4096];
    private int measured;
    private final Map<String, Long> errors = new TreeMap<>();
    private long warmupAnswers;
    private long warmupErrors;

    /**
     * Creates an empty tally.
     *
     * @param expectedStatus the status that counts as an answer of the target
     * @param expectedBody   text every such answer's body must contain, {@code null} for any body
     * @param measureStart   {@link System#nanoTime()} at the start of the measured period
     * @param measureEnd     {@link System#nanoTime()} at its end
     */
    Tally(int expectedStatus, String expectedBody, long measureStart, long measureEnd) {
        this.expectedStatus = expectedStatus;
        this.expectedBody = expectedBody;
        this.measureStart = measureStart;
        this.measureEnd = measureEnd;
    }

    /** Notes an HTTP answer to a request that left at {@code started} and was read whole at {@code finished}. */
    synchronized void answered(long started, long finished, int status, String body) {
        boolean expected = status == expectedStatus && (expectedBody == null || body.contains(expectedBody));
        if (finished < measureStart) {
            if (expected) {
                warmupAnswers++;
            } else {
                warmupErrors++;
            }
        } else if (finished < measureEnd) {
            if (expected) {
                if (measured == latencies.length) {
                    latencies = Arrays.copyOf(latencies, measured * 2);
                }
                latencies[measured++] = finished - started;
            } else {
                errors.merge("HTTP " + status + (status == expectedStatus ? " without " + expectedBody : ""), 1L,
                        Long::sum);
            }
        }
    }

    /** Notes a request that failed without an HTTP answer (refused connection, timeout, closed connection). */
    synchronized void failed(long finished, Throwable error) {
        if (finished < measureStart) {
            warmupErrors++;
        } else if (finished < measureEnd) {
            errors.merge(error.getClass().getSimpleName(), 1L, Long::sum);
        }
    }

    /**
     * Returns the figures of the measured period.
     *
     * @param label how the report names the target
     * @param cpu   the cores used during the measured period
     * @return the figures
     */
    synchronized LoadResult result(String label, CpuUse cpu) {
        List<Duration> samples = new ArrayList<>(measured);
        for (int i = 0; i < measured; i++) {
            samples.add(Duration.ofNanos(latencies[i]));
        }
        return new LoadResult(label, expectedStatus, Duration.ofNanos(measureEnd - measureStart),
                Latencies.of(samples), new TreeMap<>(errors), warmupAnswers, warmupErrors, cpu);
    }
}
