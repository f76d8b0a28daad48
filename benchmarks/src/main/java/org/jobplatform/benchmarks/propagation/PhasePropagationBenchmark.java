package org.jobplatform.benchmarks.propagation;

import org.jobplatform.infra.Directories;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jobplatform.benchmarks.BenchmarkStack;
import org.jobplatform.benchmarks.Benchmarks;
import org.jobplatform.localstack.Connections;
import org.jobplatform.localstack.Service;

/**
 * Starts Kafka, PostgreSQL and the five services, then measures how long host phase transitions take to be applied
 * by every instance, next to a raw Kafka round trip on the same broker, and the services' resident memory.
 */
public final class PhasePropagationBenchmark {

    /** The benchmark's name on the command line. */
    public static final String NAME = "phase-propagation";
    /** The options, as shown in the usage text. */
    public static final String USAGE_OPTIONS = "[--transitions=" + PropagationOptions.DEFAULT_TRANSITIONS
            + "] [--warmup=" + PropagationOptions.DEFAULT_WARMUP + "]";
    /** One line on what it measures. */
    public static final String SUMMARY = "host phase change until all five instances applied it, vs. a raw Kafka"
            + " round trip; service RSS";

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;
    private static final int PROGRESS_EVERY = 50;
    private static final int MAX_CONSECUTIVE_FAILURES = 5;

    private final PropagationOptions options;
    private final PrintStream out;
    private BenchmarkStack stack;
    private AckCollector acks;
    private boolean stopped;

    private PhasePropagationBenchmark(PropagationOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Parses the options, runs the benchmark and always stops what it started.
     *
     * @param args the arguments after the benchmark name
     * @param out  where progress and figures go
     * @param err  where usage errors and failures go
     * @return {@link Benchmarks#COMPLETED} when the run measured everything, whether or not the targets were met,
     *         {@link Benchmarks#FAILED} when it could not, {@link Benchmarks#USAGE_ERROR} for invalid arguments
     */
    public static int main(List<String> args, PrintStream out, PrintStream err) {
        PropagationOptions options;
        try {
            options = PropagationOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return Benchmarks.usageError(err, NAME, USAGE_OPTIONS, e);
        }
        if (options.help()) {
            return Benchmarks.help(out, NAME, USAGE_OPTIONS, SUMMARY);
        }
        PhasePropagationBenchmark benchmark = new PhasePropagationBenchmark(options, out);
        return Benchmarks.measure(NAME, out, err, () -> Report.render(benchmark.run()), benchmark::stop,
                benchmark::printLogTails);
    }

    private PropagationResult run() throws Exception {
        List<Service> services = List.of(Service.values());
        BenchmarkStack.preflight(services);
        synchronized (this) {
            stack = BenchmarkStack.start(NAME, out);
        }
        out.println("Heartbeat interval of the services: " + HEARTBEAT.toSeconds() + " s");
        stack.startServices(services,
                Map.of("MAINTENANCE_INSTANCE_HEARTBEATINTERVAL", HEARTBEAT.toMillis() + "ms"));
        Connections connections = stack.connections();
        Map<String, OptionalLong> rssStart = residentMemory();

        acks = AckCollector.start(connections.kafkaBootstrapServers());
        MaintenanceClient api = new MaintenanceClient(Service.MAINTENANCE_SERVICE.baseUrl(), "admin", "admin");
        Map<String, String> instances = discoverInstances(api, services);
        out.println("Instances: " + instances.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));

        Transitions transitions = runTransitions(api, instances);
        out.printf(Locale.ROOT, "Raw Kafka round trips: %d warmup, %d measured ...%n", options.warmup(),
                options.transitions());
        RawKafkaRoundTrip.Result raw = RawKafkaRoundTrip.run(connections.kafkaBootstrapServers(), options.warmup(),
                options.transitions());
        if (raw.roundTrips().count() == 0) {
            throw new IllegalStateException("No raw Kafka round trip came back: " + raw.failures());
        }
        Map<String, OptionalLong> rssEnd = residentMemory();
        out.println();
        return new PropagationResult(options, instances.size(), Latencies.of(transitions.fromResponse),
                Latencies.of(transitions.fromRequest), Latencies.of(transitions.firstFromResponse),
                transitions.failures, transitions.warmupFailures,
                transitions.lastToApply, transitions.lastToApplyOverTarget, raw, rssStart, rssEnd);
    }

    private Map<String, OptionalLong> residentMemory() {
        return stack.residentMemory();
    }

    private Map<String, String> discoverInstances(MaintenanceClient api, List<Service> services)
            throws InterruptedException {
        Set<String> expected = services.stream().map(Service::moduleName).collect(Collectors.toSet());
        long deadline = System.nanoTime() + DISCOVERY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                List<MaintenanceClient.Instance> alive = api.state().instances().stream()
                        .filter(MaintenanceClient.Instance::alive).toList();
                Map<String, List<String>> byService = alive.stream().collect(Collectors.groupingBy(
                        MaintenanceClient.Instance::service, LinkedHashMap::new,
                        Collectors.mapping(MaintenanceClient.Instance::instanceId, Collectors.toList())));
                if (alive.size() == expected.size() && byService.keySet().equals(expected)
                        && byService.values().stream().allMatch(ids -> ids.size() == 1)) {
                    Map<String, String> instances = new LinkedHashMap<>();
                    services.forEach(s -> instances.put(s.moduleName(), byService.get(s.moduleName()).get(0)));
                    return instances;
                }
                last = "alive instances " + byService;
            } catch (IOException e) {
                last = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("GET /api/maintenance did not list one alive instance per service"
                        + " within " + DISCOVERY_TIMEOUT.toSeconds() + " s; last: " + last);
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** The samples of the transition loop. */
    private static final class Transitions {
        private final List<Duration> fromResponse = new ArrayList<>();
        private final List<Duration> fromRequest = new ArrayList<>();
        private final List<Duration> firstFromResponse = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private final Map<String, Integer> lastToApply = new LinkedHashMap<>();
        private final Map<String, Integer> lastToApplyOverTarget = new LinkedHashMap<>();
        private int warmupFailures;

        Transitions(Iterable<String> services) {
            services.forEach(service -> {
                lastToApply.put(service, 0);
                lastToApplyOverTarget.put(service, 0);
            });
        }
    }

    private Transitions runTransitions(MaintenanceClient api, Map<String, String> instances) throws Exception {
        Set<String> instanceIds = Set.copyOf(instances.values());
        Map<String, String> serviceOf = instances.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        Transitions result = new Transitions(instances.keySet());
        MaintenanceClient.State initial = api.state();
        boolean draining = !"NONE".equals(initial.phase());
        long previousEpoch = initial.epoch();
        int total = options.warmup() + options.transitions();
        int consecutiveFailures = 0;
        out.printf(Locale.ROOT, "Host transitions: %d warmup, %d measured ...%n", options.warmup(),
                options.transitions());
        for (int i = 0; i < total; i++) {
            boolean measured = i >= options.warmup();
            String action = draining ? "end" : "start DRAINING";
            MaintenanceClient.Change change;
            String failure = null;
            try {
                change = draining ? api.end() : api.startDraining();
            } catch (IOException e) {
                change = null;
                failure = action + ": " + e;
            }
            if (change != null && change.status() != 200) {
                failure = action + ": HTTP " + change.status() + " " + change.body();
            } else if (change != null && change.state().epoch() <= previousEpoch) {
                failure = action + ": the epoch did not advance (" + change.state().epoch() + ")";
            }
            if (failure == null) {
                long epoch = change.state().epoch();
                previousEpoch = epoch;
                draining = "DRAINING".equals(change.state().phase());
                Map<String, Instant> applied = acks.await(epoch, instanceIds, ACK_TIMEOUT);
                if (acks.failure() != null) {
                    throw new IllegalStateException("The acks consumer failed", acks.failure());
                }
                if (applied.keySet().containsAll(instanceIds)) {
                    if (measured) {
                        String lastId = instanceIds.stream().max(Comparator.comparing(applied::get)).orElseThrow();
                        Instant last = applied.get(lastId);
                        Duration fromResponse = Duration.between(change.answered(), last);
                        result.fromResponse.add(fromResponse);
                        result.fromRequest.add(Duration.between(change.sent(), last));
                        Instant first = instanceIds.stream().map(applied::get).min(Comparator.naturalOrder())
                                .orElseThrow();
                        result.firstFromResponse.add(Duration.between(change.answered(), first));
                        result.lastToApply.merge(serviceOf.get(lastId), 1, Integer::sum);
                        if (fromResponse.compareTo(Report.P99_TARGET) >= 0) {
                            result.lastToApplyOverTarget.merge(serviceOf.get(lastId), 1, Integer::sum);
                        }
                    }
                } else {
                    Set<String> missing = new TreeSet<>(instanceIds);
                    missing.removeAll(applied.keySet());
                    failure = action + " (epoch " + epoch + "): no ack within " + ACK_TIMEOUT.toSeconds()
                            + " s from " + missing;
                }
            } else {
                try {
                    MaintenanceClient.State now = api.state();
                    draining = !"NONE".equals(now.phase());
                    previousEpoch = Math.max(previousEpoch, now.epoch());
                } catch (IOException e) {
                    draining = !draining;
                }
            }
            if (failure == null) {
                consecutiveFailures = 0;
            } else if (++consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                throw new IllegalStateException(consecutiveFailures + " transitions in a row failed, the last: "
                        + failure);
            }
            if (failure != null) {
                if (measured) {
                    result.failures.add("transition " + (i - options.warmup() + 1) + ", " + failure);
                } else {
                    result.warmupFailures++;
                }
            }
            int done = i - options.warmup() + 1;
            if (measured && done % PROGRESS_EVERY == 0 && done < options.transitions()) {
                out.printf(Locale.ROOT, "  %d of %d measured transitions done%n", done, options.transitions());
            }
        }
        if (result.fromResponse.isEmpty()) {
            throw new IllegalStateException("No measured transition was applied by every instance: "
                    + result.failures.stream().limit(5).toList());
        }
        return result;
    }

    private void printLogTails(PrintStream err) {
        if (stack != null) {
            stack.printLogTails(err, LOG_TAIL_LINES);
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (acks != null) {
            try {
                acks.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stack != null) {
            stack.close();
            try {
                Directories.deleteRecursively(stack.workDir());
            } catch (IOException e) {
                out.println("Could not delete " + stack.workDir() + ": " + e);
            }
        }
    }
}
