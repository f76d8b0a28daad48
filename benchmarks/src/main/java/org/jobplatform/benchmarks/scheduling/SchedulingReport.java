package org.jobplatform.benchmarks.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jobplatform.benchmarks.propagation.Latencies;

/** Reads the scheduler's events into figures and renders them beside Quartz's. */
final class SchedulingReport {

    /** The target of the issue: p99 lateness of FIRED executions. */
    static final Duration TARGET_P99 = Duration.ofMillis(100);

    /**
     * What our scheduler published, and what it cost.
     *
     * @param boundaries      every measured minute boundary
     * @param windowBoundary  the one inside the DRAINING window
     * @param recorded        every execution event read
     * @param requested       every job request read
     * @param cpuNormal       scheduler-service CPU over the normal minutes (ns)
     * @param wallNormal      the normal minutes' wall time
     * @param cpuAll          scheduler-service CPU over the whole measured period (ns)
     * @param wallAll         the whole measured period
     * @param postgresNormal  PostgreSQL CPU over the normal minutes (ns), -1 if unknown
     * @param postgresAll     PostgreSQL CPU over the whole period (ns), -1 if unknown
     * @param createTime      how long creating the triggers through the API took
     */
    record Ours(List<Instant> warmup, List<Instant> boundaries, Instant windowBoundary, List<ExecutionLog.Recorded> recorded,
            List<ExecutionLog.Requested> requested, long cpuNormal, Duration wallNormal, long cpuAll,
            Duration wallAll, long postgresNormal, long postgresAll, Duration createTime) {
    }

    private SchedulingReport() {
    }

    static String render(SchedulingOptions options, Ours ours, QuartzBaseline.Result quartz) {
        StringBuilder text = new StringBuilder();
        String nl = System.lineSeparator();
        Set<Instant> measured = new HashSet<>(ours.boundaries());
        // the first event of each execution
        Map<String, ExecutionLog.Recorded> executions = new LinkedHashMap<>();
        ours.recorded().stream().filter(r -> r.scheduledAt() != null && measured.contains(r.scheduledAt()))
                .sorted(Comparator.comparing(ExecutionLog.Recorded::publishedAt))
                .forEach(r -> executions.putIfAbsent(r.executionId(), r));
        Set<String> triggers = new HashSet<>();
        ours.recorded().forEach(r -> triggers.add(r.triggerId()));
        Map<Instant, Map<String, Integer>> perTrigger = new TreeMap<>();
        Map<Instant, Map<String, Integer>> outcomes = new TreeMap<>();
        for (Instant boundary : ours.boundaries()) {
            perTrigger.put(boundary, new HashMap<>());
            outcomes.put(boundary, new TreeMap<>());
        }
        for (ExecutionLog.Recorded r : executions.values()) {
            perTrigger.get(r.scheduledAt()).merge(r.triggerId(), 1, Integer::sum);
            outcomes.get(r.scheduledAt()).merge(String.valueOf(r.outcome()), 1, Integer::sum);
        }
        Map<String, ExecutionLog.Requested> requests = new LinkedHashMap<>();
        ours.requested().stream().filter(r -> r.scheduledAt() != null && measured.contains(r.scheduledAt()))
                .forEach(r -> requests.putIfAbsent(r.requestId(), r));
        Map<String, Integer> requestsPerExecution = new HashMap<>();
        requests.values().forEach(r -> requestsPerExecution.merge(r.triggerId() + "|" + r.scheduledAt(), 1,
                Integer::sum));

        text.append(nl).append("== Our scheduler: scheduler-service (").append(options.triggers())
                .append(" triggers, ").append(options.tenants()).append(" tenants) ==").append(nl);
        text.append(String.format(Locale.ROOT, "Triggers created through the API in %.1f s; %d distinct triggers "
                + "seen in execution events%n", ours.createTime().toMillis() / 1000.0, triggers.size()));
        text.append("Per minute boundary (executions by outcome, missing, duplicated, job requests and their lateness):")
                .append(nl);
        for (Instant boundary : ours.warmup()) {
            Map<String, ExecutionLog.Requested> warm = new LinkedHashMap<>();
            ours.requested().stream().filter(r -> boundary.equals(r.scheduledAt()))
                    .forEach(r -> warm.putIfAbsent(r.requestId(), r));
            Latencies published = requestLateness(warm.values(), List.of(boundary));
            text.append(String.format(Locale.ROOT, "  %s (warm-up, not in the figures below)  job requests %d%s%n",
                    boundary, published.count(), published.count() == 0 ? "" : " published p50 "
                            + published.percentile(50).toMillis() + " / p99 " + published.percentile(99).toMillis()
                            + " ms"));
        }
        long missingAll = 0;
        long duplicatedAll = 0;
        for (Instant boundary : ours.boundaries()) {
            Map<String, Integer> byTrigger = perTrigger.get(boundary);
            long missing = options.triggers() - byTrigger.size();
            long duplicated = byTrigger.values().stream().filter(n -> n > 1).count();
            missingAll += missing;
            duplicatedAll += duplicated;
            Latencies published = requestLateness(requests.values(), List.of(boundary));
            text.append(String.format(Locale.ROOT, "  %s%s  %s  missing %d, duplicated %d, job requests %d%s%n",
                    boundary, boundary.equals(ours.windowBoundary()) ? " (in the window)" : "                ",
                    outcomes.get(boundary), missing, duplicated, published.count(),
                    published.count() == 0 ? "" : " published p50 " + published.percentile(50).toMillis()
                            + " / p99 " + published.percentile(99).toMillis() + " ms"));
        }
        long duplicateRequests = requestsPerExecution.values().stream().filter(n -> n > 1).count();
        text.append(String.format(Locale.ROOT, "  all: missing %d, duplicated %d, executions with more than one "
                + "job request %d%n", missingAll, duplicatedAll, duplicateRequests));

        List<Instant> normal = ours.boundaries().subList(0, options.minutes());
        Instant after = ours.boundaries().get(ours.boundaries().size() - 1);
        Latencies recordedNormal = lateness(executions.values(), normal, true);
        Latencies publishedNormal = requestLateness(requests.values(), normal);
        text.append("Lateness of FIRED executions, normal minutes:").append(nl);
        text.append("  recorded (event 'at' - scheduledAt)             ").append(format(recordedNormal)).append(nl);
        text.append("  job request published (append time - scheduledAt) ").append(format(publishedNormal))
                .append(nl);
        text.append("Lateness of FIRED executions, the minute after the window:").append(nl);
        text.append("  recorded                                        ")
                .append(format(lateness(executions.values(), List.of(after), true))).append(nl);
        text.append("  job request published                           ")
                .append(format(requestLateness(requests.values(), List.of(after)))).append(nl);

        List<ExecutionLog.Recorded> skipped = executions.values().stream()
                .filter(r -> r.scheduledAt().equals(ours.windowBoundary()) && "SKIPPED".equals(r.outcome()))
                .toList();
        text.append("The window's minute (").append(ours.windowBoundary()).append("):").append(nl);
        if (skipped.isEmpty()) {
            text.append("  no SKIPPED execution recorded").append(nl);
        } else {
            Instant first = skipped.stream().map(ExecutionLog.Recorded::publishedAt).min(Comparator.naturalOrder())
                    .orElseThrow();
            Instant last = skipped.stream().map(ExecutionLog.Recorded::publishedAt).max(Comparator.naturalOrder())
                    .orElseThrow();
            double span = Duration.between(first, last).toMillis() / 1000.0;
            text.append(String.format(Locale.ROOT, "  %d SKIPPED, published from %s to %s (%.3f s after the first):"
                    + " %s SKIPPED a second; last one %d ms after the boundary%n", skipped.size(), first, last, span,
                    span > 0 ? String.format(Locale.ROOT, "%.0f", skipped.size() / span) : "all at once",
                    Duration.between(ours.windowBoundary(), last).toMillis()));
            text.append("  skip lateness (recorded 'at' - scheduledAt)      ")
                    .append(format(lateness(skipped, List.of(ours.windowBoundary()), false))).append(nl);
        }
        double cpuNormal = perMinute(ours.cpuNormal(), ours.wallNormal());
        double cpuAll = perMinute(ours.cpuAll(), ours.wallAll());
        text.append(String.format(Locale.ROOT, "CPU of scheduler-service: %.2f s a minute over the normal minutes, "
                + "%.2f s a minute over the whole run (%.0f s)%n", cpuNormal, cpuAll,
                ours.wallAll().toMillis() / 1000.0));
        text.append(String.format(Locale.ROOT, "CPU of PostgreSQL: %s s a minute over the normal minutes, %s over "
                + "the whole run%n", cpu(ours.postgresNormal(), ours.wallNormal()),
                cpu(ours.postgresAll(), ours.wallAll())));

        Latencies quartzFire = Latencies.of(quartz.fireLateness().stream().map(Duration::ofMillis).toList());
        Latencies quartzStart = Latencies.of(quartz.startLateness().stream().map(Duration::ofMillis).toList());
        text.append(nl).append("== Quartz 2.5 (JobStoreTX, PostgreSQLDelegate, not clustered, ")
                .append(QuartzBaseline.THREADS).append(" threads, in the benchmark JVM) ==").append(nl);
        text.append(String.format(Locale.ROOT, "Jobs and triggers stored in %.1f s; boundaries %s%n",
                quartz.scheduleTime().toMillis() / 1000.0, quartz.boundaries()));
        text.append(String.format(Locale.ROOT, "Firings %d, missing %d (not fired 50 s after the last boundary), "
                + "duplicated %d (no maintenance window in Quartz: normal minutes only)%n", quartzFire.count(), quartz.missing(), quartz.duplicated()));
        text.append("  fired (fireTime - scheduledFireTime)          ").append(format(quartzFire)).append(nl);
        text.append("  job started (job start - scheduledFireTime)   ").append(format(quartzStart)).append(nl);
        double quartzCpu = perMinute(quartz.quartzCpu(), quartz.wall());
        text.append(String.format(Locale.ROOT, "CPU: Quartz's threads %.2f s a minute, the whole benchmark JVM %.2f "
                + "s a minute, PostgreSQL %s s a minute (%.0f s measured)%n", quartzCpu,
                perMinute(quartz.jvmCpu(), quartz.wall()), cpu(quartz.postgresCpu(), quartz.wall()),
                quartz.wall().toMillis() / 1000.0));

        text.append(nl).append("== Comparison, normal minutes ==").append(nl);
        String row = "%-44s | %-30s | %-30s%n";
        text.append(String.format(Locale.ROOT, row, "", "scheduler-service", "Quartz JDBC"));
        text.append(String.format(Locale.ROOT, row, "executions/firings", recordedNormal.count(), quartzFire.count()));
        text.append(String.format(Locale.ROOT, row, "missing / duplicated (all measured minutes)",
                missingAll + " / " + duplicatedAll, quartz.missing() + " / " + quartz.duplicated()));
        text.append(String.format(Locale.ROOT, row, "lateness p50/p99/max: recorded / fired",
                short3(recordedNormal), short3(quartzFire)));
        text.append(String.format(Locale.ROOT, row, "lateness p50/p99/max: published / job start",
                short3(publishedNormal), short3(quartzStart)));
        text.append(String.format(Locale.ROOT, row, "CPU s per minute (service / Quartz threads)",
                String.format(Locale.ROOT, "%.2f", cpuNormal), String.format(Locale.ROOT, "%.2f", quartzCpu)));
        text.append(String.format(Locale.ROOT, row, "PostgreSQL CPU s per minute",
                cpu(ours.postgresNormal(), ours.wallNormal()), cpu(quartz.postgresCpu(), quartz.wall())));
        text.append(nl).append(String.format(Locale.ROOT, "Target p99 lateness of FIRED executions < %d ms: %s "
                + "(recorded p99 %s, published p99 %s)%n", TARGET_P99.toMillis(),
                recordedNormal.count() > 0 && publishedNormal.count() > 0
                        && recordedNormal.percentile(99).compareTo(TARGET_P99) < 0
                        && publishedNormal.percentile(99).compareTo(TARGET_P99) < 0 ? "MET" : "MISSED",
                p99(recordedNormal), p99(publishedNormal)));
        return text.toString();
    }

    private static Latencies lateness(java.util.Collection<ExecutionLog.Recorded> events, List<Instant> boundaries,
            boolean firedOnly) {
        List<Duration> samples = new ArrayList<>();
        for (ExecutionLog.Recorded r : events) {
            if (boundaries.contains(r.scheduledAt()) && (!firedOnly || "FIRED".equals(r.outcome()))
                    && r.recordedAt() != null) {
                samples.add(Duration.between(r.scheduledAt(), r.recordedAt()));
            }
        }
        return Latencies.of(samples);
    }

    private static Latencies requestLateness(java.util.Collection<ExecutionLog.Requested> requests,
            List<Instant> boundaries) {
        return Latencies.of(requests.stream().filter(r -> boundaries.contains(r.scheduledAt()))
                .map(r -> Duration.between(r.scheduledAt(), r.publishedAt())).toList());
    }

    static String format(Latencies latencies) {
        if (latencies.count() == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "n=%d p50 %d ms, p99 %d ms, max %d ms", latencies.count(),
                latencies.percentile(50).toMillis(), latencies.percentile(99).toMillis(),
                latencies.max().toMillis());
    }

    private static String short3(Latencies latencies) {
        if (latencies.count() == 0) {
            return "-";
        }
        return latencies.percentile(50).toMillis() + " / " + latencies.percentile(99).toMillis() + " / "
                + latencies.max().toMillis() + " ms";
    }

    private static String p99(Latencies latencies) {
        return latencies.count() == 0 ? "none" : latencies.percentile(99).toMillis() + " ms";
    }

    static double perMinute(long cpuNanos, Duration wall) {
        if (cpuNanos < 0 || wall.isZero()) {
            return Double.NaN;
        }
        return cpuNanos / 1e9 / (wall.toNanos() / 60e9);
    }

    private static String cpu(long cpuNanos, Duration wall) {
        return cpuNanos < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", perMinute(cpuNanos, wall));
    }
}
