package org.jobplatform.benchmarks.propagation;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** Renders the figures of a phase-propagation run as a plain-text table with the targets. */
final class Report {

    /** The p99 propagation from the 200 must stay below this. */
    static final Duration P99_TARGET = Duration.ofMillis(50);
    /** The p99 propagation from the 200 must stay below this multiple of the p99 raw round trip. */
    static final double RATIO_TARGET = 3.0;
    /** Each service's resident memory must stay below this many megabytes. */
    static final long RSS_TARGET_MB = 300;

    private static final int MAX_LISTED_FAILURES = 10;

    private Report() {
    }

    static String render(PropagationResult result) {
        StringBuilder text = new StringBuilder();
        PropagationOptions options = result.options();
        Latencies fromResponse = result.fromResponse().clampedAtZero();
        Latencies raw = result.raw().roundTrips();

        line(text, "Phase propagation: %d host transitions (start?phase=DRAINING and end, alternating) after %d warmup,"
                + " %d instances, heartbeat 1 s", options.transitions(), options.warmup(), result.instances());
        line(text, "Raw baseline: %d Kafka round trips after %d warmup (acks=all, enable.idempotence=true,"
                + " linger.ms=0), same broker", options.transitions(), options.warmup());
        line(text, "");
        line(text, "%-28s %8s %9s %9s %9s", "Latency (ms)", "samples", "p50", "p99", "max");
        row(text, "propagation from 200", fromResponse);
        row(text, "propagation from request", result.fromRequest());
        row(text, "raw Kafka round trip", raw);
        row(text, "first instance, from 200", result.firstFromResponse().clampedAtZero());
        line(text, "");
        int negative = result.fromResponse().negativeCount();
        if (negative > 0) {
            line(text, "propagation from 200: in %d of %d transitions every instance had applied the change before"
                    + " the 200 arrived (down to %s ms); those count as 0.00 ms in the p50/p99/max above",
                    negative, result.fromResponse().count(), ms(result.fromResponse().min()));
        } else {
            line(text, "propagation from 200: no transition had every instance applied before the 200 arrived"
                    + " (no value clamped at 0)");
        }
        line(text, "first instance, from 200 (for reading the tail, not a target): the earliest appliedAt per"
                + " transition minus the 200; %d of %d negative, counted as 0.00 ms",
                result.firstFromResponse().negativeCount(), result.firstFromResponse().count());
        line(text, "failed transitions (not applied by all %d instances within 10 s): %d of %d measured%s",
                result.instances(), result.failures().size(), options.transitions(),
                result.warmupFailures() > 0 ? ", plus " + result.warmupFailures() + " in the warmup" : "");
        result.failures().stream().limit(MAX_LISTED_FAILURES).forEach(f -> line(text, "  %s", f));
        if (result.failures().size() > MAX_LISTED_FAILURES) {
            line(text, "  ... and %d more", result.failures().size() - MAX_LISTED_FAILURES);
        }
        line(text, "raw round trips not received within 10 s: %d of %d measured", result.raw().failures().size(),
                options.transitions());
        int overTarget = result.lastToApplyOverTarget().values().stream().mapToInt(Integer::intValue).sum();
        line(text, "last instance to apply (all measured transitions / the %d at or over %d ms from the 200): %s",
                overTarget, P99_TARGET.toMillis(), result.lastToApply().keySet().stream()
                        .map(service -> service + " " + result.lastToApply().get(service) + "/"
                                + result.lastToApplyOverTarget().getOrDefault(service, 0))
                        .collect(Collectors.joining(", ")));

        Duration p99 = fromResponse.percentile(99);
        Duration rawP99 = raw.percentile(99);
        double ratio = rawP99.isZero() ? Double.POSITIVE_INFINITY : (double) p99.toNanos() / rawP99.toNanos();
        line(text, "p99 propagation from 200 / p99 raw round trip = %s / %s ms = %.2fx", ms(p99), ms(rawP99), ratio);
        line(text, "");
        line(text, "%-46s %10s   %s", "Target", "measured", "result");
        line(text, "%-46s %10s   %s", "p99 propagation from 200 < " + P99_TARGET.toMillis() + " ms",
                ms(p99) + " ms", verdict(p99.compareTo(P99_TARGET) < 0));
        line(text, "%-46s %10s   %s", String.format(Locale.ROOT, "p99 propagation from 200 < %.0fx p99 raw", RATIO_TARGET),
                String.format(Locale.ROOT, "%.2fx", ratio), verdict(ratio < RATIO_TARGET));
        line(text, "");
        line(text, "%-28s %9s %9s %9s   %s", "Resident memory (VmRSS)", "start MB", "end MB", "target", "result");
        result.rssStartKb().forEach((service, start) -> {
            OptionalLong end = result.rssEndKb().getOrDefault(service, OptionalLong.empty());
            boolean known = start.isPresent() && end.isPresent();
            boolean pass = known && start.getAsLong() < RSS_TARGET_MB * 1024 && end.getAsLong() < RSS_TARGET_MB * 1024;
            line(text, "%-28s %9s %9s %9s   %s", service, mb(start), mb(end), "< " + RSS_TARGET_MB,
                    known ? verdict(pass) : "UNKNOWN");
        });
        return text.toString();
    }

    private static void row(StringBuilder text, String label, Latencies latencies) {
        if (latencies.count() == 0) {
            line(text, "%-28s %8d %9s %9s %9s", label, 0, "-", "-", "-");
            return;
        }
        line(text, "%-28s %8d %9s %9s %9s", label, latencies.count(), ms(latencies.percentile(50)),
                ms(latencies.percentile(99)), ms(latencies.max()));
    }

    static String ms(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1_000_000.0);
    }

    private static String mb(OptionalLong kilobytes) {
        return kilobytes.isPresent() ? String.format(Locale.ROOT, "%.1f", kilobytes.getAsLong() / 1024.0) : "n/a";
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }

    private static void line(StringBuilder text, String format, Object... args) {
        text.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
