package org.jobplatform.benchmarks.gateway;

import java.time.Duration;
import java.util.Map;

import org.jobplatform.benchmarks.propagation.Latencies;

/**
 * What one target answered during its measured period.
 *
 * @param label          how the report names the target
 * @param expectedStatus the status that counts as an answer (200, or 503 in SUSPENDED)
 * @param measured       the length of the measured period
 * @param latencies      request-to-whole-answer time of each expected answer of the period
 * @param errors         other outcomes of the period by kind ({@code HTTP 500}, {@code ReadTimeoutException}, ...)
 * @param warmupAnswers  expected answers during the warmup
 * @param warmupErrors   other outcomes during the warmup
 * @param cpu            cores used during the measured period
 */
record LoadResult(String label, int expectedStatus, Duration measured, Latencies latencies, Map<String, Long> errors,
        long warmupAnswers, long warmupErrors, CpuUse cpu) {

    /**
     * Returns the expected answers per second of the measured period.
     *
     * @return the rate
     */
    double perSecond() {
        return measured.isZero() ? 0 : latencies.count() / (measured.toNanos() / 1e9);
    }

    /**
     * Returns how many requests of the measured period had another outcome.
     *
     * @return the error count
     */
    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
