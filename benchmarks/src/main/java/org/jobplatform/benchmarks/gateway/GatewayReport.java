package org.jobplatform.benchmarks.gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.jobplatform.benchmarks.propagation.Latencies;

/** Renders the figures of a gateway run as a plain-text table with the targets. */
final class GatewayReport {

    /** Heartbeats per second must reach this share of the bare endpoint's rate. */
    static final double HEARTBEAT_TARGET = 0.60;
    /** 503s per second in SUSPENDED must reach this share of the bare endpoint's rate. */
    static final double REFUSAL_TARGET = 0.90;

    private GatewayReport() {
    }

    /**
     * Returns {@code rate / baseline}, 0 when the baseline is 0.
     *
     * @param rate     the measured rate
     * @param baseline the bare endpoint's rate
     * @return the ratio
     */
    static double ratio(double rate, double baseline) {
        return baseline > 0 ? rate / baseline : 0;
    }

    static String render(GatewayResult result) {
        StringBuilder text = new StringBuilder();
        GatewayOptions options = result.options();
        line(text, "Gateway: %d robots of tenant %s, %d requests in flight (closed loop), per target %d s warmup then"
                + " %d s measured", options.robots(), GatewayApi.TENANT, options.concurrency(), options.warmupSeconds(),
                options.measureSeconds());
        line(text, "Each request: POST %s with the next robot's Basic credentials; latency from sending it until"
                + " the whole answer is read", LoadGenerator.HEARTBEAT_BODY);
        line(text, "");
        line(text, "%-28s %6s %10s %8s %8s %8s %7s   %6s %9s %7s", "Target", "status", "answers/s", "p50 ms",
                "p99 ms", "max ms", "errors", "CPU: target", "benchmark", "machine");
        LoadResult[] all = {result.heartbeats(), result.bare(), result.refusals()};
        for (LoadResult load : all) {
            Latencies latencies = load.latencies();
            boolean any = latencies.count() > 0;
            line(text, "%-28s %6d %10.1f %8s %8s %8s %7d   %11s %9s %7s", load.label(), load.expectedStatus(),
                    load.perSecond(), any ? ms(latencies.percentile(50)) : "-",
                    any ? ms(latencies.percentile(99)) : "-", any ? ms(latencies.max()) : "-", load.errorCount(),
                    cores(load.cpu().target()), cores(load.cpu().benchmark()), cores(load.cpu().machine()));
        }
        line(text, "");
        line(text, "answers: the expected status (and for 200 a body with pollAfterMs) arriving in the measured"
                + " period; errors: anything else arriving in it");
        for (LoadResult load : all) {
            line(text, "  %s: %d answers, %s; warmup: %d answers, %d errors", load.label(), load.latencies().count(),
                    errors(load.errors()), load.warmupAnswers(), load.warmupErrors());
        }
        line(text, "CPU in cores over the measured period (%d on this machine): target = the answering process,"
                + " benchmark = this JVM (load generator and embedded Kafka broker), machine = every process",
                Runtime.getRuntime().availableProcessors());

        double bareRate = result.bare().perSecond();
        double heartbeatRatio = ratio(result.heartbeats().perSecond(), bareRate);
        double refusalRatio = ratio(result.refusals().perSecond(), bareRate);
        line(text, "heartbeats / bare = %.1f / %.1f per s = %.1f%%", result.heartbeats().perSecond(), bareRate,
                heartbeatRatio * 100);
        line(text, "503s / bare = %.1f / %.1f per s = %.1f%%", result.refusals().perSecond(), bareRate,
                refusalRatio * 100);
        line(text, "");
        line(text, "%-52s %9s   %s", "Target", "measured", "result");
        line(text, "%-52s %9s   %s", String.format(Locale.ROOT, "heartbeats/s >= %.0f%% of the bare endpoint's",
                HEARTBEAT_TARGET * 100), percent(heartbeatRatio), verdict(heartbeatRatio >= HEARTBEAT_TARGET));
        line(text, "%-52s %9s   %s", String.format(Locale.ROOT, "503s/s in SUSPENDED >= %.0f%% of the bare endpoint's",
                REFUSAL_TARGET * 100), percent(refusalRatio), verdict(refusalRatio >= REFUSAL_TARGET));
        line(text, "");
        line(text, "%-28s %9s %9s", "Resident memory (VmRSS)", "start MB", "end MB");
        result.rssStartKb().forEach((name, start) -> line(text, "%-28s %9s %9s", name, mb(start),
                mb(result.rssEndKb().getOrDefault(name, OptionalLong.empty()))));
        return text.toString();
    }

    private static String errors(Map<String, Long> errors) {
        if (errors.isEmpty()) {
            return "no errors";
        }
        return errors.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", ", "errors ", ""));
    }

    static String ms(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1_000_000.0);
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "n/a" : String.format(Locale.ROOT, "%.2f", cores);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
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
