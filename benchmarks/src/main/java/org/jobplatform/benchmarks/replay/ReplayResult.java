package org.jobplatform.benchmarks.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What one replay of the audit reported: records read, how long reading took, how long it took from the request to
 * the swap, and what the comparison found.
 *
 * @param events        records the replay read
 * @param readSeconds   reading from the beginning up to the end offsets, as the service measured it
 * @param total         from the start of the replay to its swap, as the service recorded them
 * @param compareMillis comparing and swapping, with the live consumers held
 * @param equal         whether the rebuilt logs equalled the live ones
 * @param differences   rows that differed
 * @param serviceCpu    CPU time audit-service used from the request to the swap, or {@code null} when unknown
 */
public record ReplayResult(long events, double readSeconds, Duration total, long compareMillis, boolean equal,
        long differences, Duration serviceCpu) {

    /** Reads the figures out of a finished replay's report (the replay API's answer), with the service's CPU time. */
    @SuppressWarnings("unchecked")
    public static ReplayResult of(Map<String, Object> report, Duration serviceCpu) {
        if (!"SWAPPED".equals(report.get("state"))) {
            throw new IllegalStateException("the replay ended " + report.get("state") + ": " + report.get("error"));
        }
        Map<String, Object> comparison = (Map<String, Object>) report.get("comparison");
        Duration total = Duration.between(Instant.parse((String) report.get("startedAt")),
                Instant.parse((String) report.get("finishedAt")));
        return new ReplayResult(((Number) report.get("eventsRead")).longValue(),
                ((Number) report.get("readSeconds")).doubleValue(), total,
                ((Number) report.get("comparisonMillis")).longValue(), Boolean.TRUE.equals(comparison.get("equal")),
                ((Number) comparison.get("differences")).longValue(), serviceCpu);
    }

    /** Records per second of reading. */
    public double readPerSecond() {
        return events / readSeconds;
    }

    /** Records per second from the start to the swap. */
    public double endToEndPerSecond() {
        return events / (total.toNanos() / 1e9);
    }

    /** One line for the console, and one on the service's CPU. */
    public void print(PrintStream out, String label) {
        out.printf(Locale.ROOT, "%s: %,d events read in %.2f s = %,.0f events/s; start to swap %.2f s = %,.0f events/s"
                + " (compare and swap %d ms); rebuilt logs %s%n", label, events, readSeconds, readPerSecond(),
                total.toNanos() / 1e9, endToEndPerSecond(), compareMillis,
                equal ? "equal to the live ones" : "differ from the live ones in " + String.format(Locale.ROOT,
                        "%,d", differences) + " rows");
        if (serviceCpu != null) {
            out.printf(Locale.ROOT, "  audit-service used %.1f s of CPU (%.1f cores; %.1f us per event)%n",
                    serviceCpu.toNanos() / 1e9, serviceCpu.toNanos() / (double) total.toNanos(),
                    serviceCpu.toNanos() / 1e3 / events);
        }
    }
}
