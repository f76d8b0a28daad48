package org.jobplatform.benchmarks.scheduling;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.jobplatform.benchmarks.BenchmarkStack;
import org.jobplatform.benchmarks.Benchmarks;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;

/**
 * Fires many CRON triggers every minute through a maintenance window: starts maintenance-service and
 * scheduler-service, creates the triggers as the host admin (each naming its tenant), and reads every execution
 * event and job request the scheduler publishes over a few minute boundaries, the last but one inside a host
 * DRAINING window. Then stops both services and runs the same triggers on Quartz with its JDBC job store on the same
 * PostgreSQL, for the normal minutes.
 */
public final class SchedulingBenchmark {

    /** The benchmark's name on the command line. */
    public static final String NAME = "scheduling";
    /** The options, as shown in the usage text. */
    public static final String USAGE_OPTIONS = "[--triggers=" + SchedulingOptions.DEFAULT_TRIGGERS + "] [--tenants="
            + SchedulingOptions.DEFAULT_TENANTS + "] [--minutes=" + SchedulingOptions.DEFAULT_MINUTES
            + "] [--warmup-minutes=" + SchedulingOptions.DEFAULT_WARMUP_MINUTES + "]";
    /** One line on what it measures. */
    public static final String SUMMARY = "N cron triggers every minute through a maintenance window: lateness, "
            + "skips, CPU; beside Quartz (JDBC job store)";

    private static final String MAINTENANCE = Service.MAINTENANCE_SERVICE.baseUrl();
    private static final String SCHEDULER = Service.SCHEDULER_SERVICE.baseUrl();
    private static final int CREATE_CONCURRENCY = 16;
    /** How long after a boundary its last execution may still reach the broker before it counts as missing. */
    private static final Duration SETTLE = Duration.ofSeconds(40);
    /** The window starts and ends this long after a boundary. */
    private static final Duration WINDOW_OFFSET = Duration.ofSeconds(20);

    private final SchedulingOptions options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private SchedulingBenchmark(SchedulingOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Parses the options and runs the benchmark, always stopping what it started.
     *
     * @return {@link Benchmarks#COMPLETED}, {@link Benchmarks#FAILED} or {@link Benchmarks#USAGE_ERROR}
     */
    public static int main(List<String> args, PrintStream out, PrintStream err) {
        SchedulingOptions options;
        try {
            options = SchedulingOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return Benchmarks.usageError(err, NAME, USAGE_OPTIONS, e);
        }
        try {
            BenchmarkStack.preflight(List.of(Service.MAINTENANCE_SERVICE, Service.SCHEDULER_SERVICE));
            new SchedulingBenchmark(options, out).run();
            return Benchmarks.COMPLETED;
        } catch (Exception e) {
            err.println("The scheduling benchmark failed: " + BenchmarkStack.describe(e));
            return Benchmarks.FAILED;
        }
    }

    private void run() throws Exception {
        out.printf(Locale.ROOT, "Scheduling: %d CRON triggers '0 * * * * *' over %d tenants; %d normal minutes, one "
                + "in a host DRAINING window, one after%n", options.triggers(), options.tenants(), options.minutes());
        try (BenchmarkStack stack = BenchmarkStack.start(NAME, out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, NAME + "-shutdown"));
            stack.startServices(List.of(Service.MAINTENANCE_SERVICE, Service.SCHEDULER_SERVICE), Map.of(),
                    ServiceProcess::serverJvmOptions);
            Path postgresData = stack.workDir().resolve("postgres").toAbsolutePath().normalize();
            long schedulerPid = stack.process(Service.SCHEDULER_SERVICE).process().pid();
            SchedulingReport.Ours ours;
            try (ExecutionLog log = ExecutionLog.start(stack.connections().kafkaBootstrapServers())) {
                long creating = System.nanoTime();
                createTriggers();
                Duration createTime = Duration.ofNanos(System.nanoTime() - creating);
                out.printf(Locale.ROOT, "Created in %.1f s (%.0f a second)%n", createTime.toMillis() / 1000.0,
                        options.triggers() / (createTime.toMillis() / 1000.0));
                ours = measureOurs(log, schedulerPid, postgresData, createTime);
            }
            out.println("Stopping scheduler-service and maintenance-service before Quartz runs ...");
            ServiceProcess.stopAll(stack.processes(), Duration.ofSeconds(10));
            QuartzBaseline.Result quartz = QuartzBaseline.run(options, stack.connections(), postgresData, out);
            out.print(SchedulingReport.render(options, ours, quartz));
            out.println("Logs and data of this run are kept in " + stack.workDir());
        }
    }

    private SchedulingReport.Ours measureOurs(ExecutionLog log, long schedulerPid, Path postgresData,
            Duration createTime) throws Exception {
        List<Instant> all = boundariesAfter(Instant.now().plusSeconds(5),
                options.warmupMinutes() + options.boundaries());
        List<Instant> warmup = all.subList(0, options.warmupMinutes());
        List<Instant> boundaries = all.subList(options.warmupMinutes(), all.size());
        List<Instant> normal = boundaries.subList(0, options.minutes());
        Instant windowBoundary = boundaries.get(options.minutes());
        log.quietAround(all);
        for (Instant boundary : warmup) {
            out.println("Warm-up: waiting for the boundary at " + boundary + " (reported apart) ...");
            sleepUntil(boundary.plusSeconds(30));
        }
        sleepUntil(boundaries.get(0).minusSeconds(10));
        long cpu0 = Cpu.process(schedulerPid);
        long pg0 = Cpu.postgres(postgresData);
        long wall0 = System.nanoTime();
        for (Instant boundary : normal) {
            out.println("Waiting for the boundary at " + boundary + " ...");
            sleepUntil(boundary.plusSeconds(30));
            out.println("  execution events so far: " + log.recorded().size());
        }
        sleepUntil(normal.get(normal.size() - 1).plus(WINDOW_OFFSET));
        long cpuNormal = Cpu.process(schedulerPid);
        long pgNormal = Cpu.postgres(postgresData);
        long wallNormal = System.nanoTime();
        out.println("Starting host DRAINING (covers the boundary at " + windowBoundary + ") ...");
        HttpResponse<String> started = post(MAINTENANCE + "/api/maintenance/start?phase=DRAINING&reason=benchmark",
                null);
        if (started.statusCode() != 200) {
            throw new IllegalStateException("start DRAINING answered " + started.statusCode() + ": "
                    + started.body());
        }
        sleepUntil(windowBoundary.plus(WINDOW_OFFSET));
        HttpResponse<String> ended = post(MAINTENANCE + "/api/maintenance/end", null);
        if (ended.statusCode() != 200) {
            throw new IllegalStateException("end answered " + ended.statusCode() + ": " + ended.body());
        }
        out.println("Ended the window; waiting for the boundary at " + boundaries.get(boundaries.size() - 1)
                + " ...");
        sleepUntil(boundaries.get(boundaries.size() - 1).plus(SETTLE));
        long cpu1 = Cpu.process(schedulerPid);
        long pg1 = Cpu.postgres(postgresData);
        long wall1 = System.nanoTime();
        return new SchedulingReport.Ours(warmup, boundaries, windowBoundary, log.recorded(), log.requested(),
                cpuNormal - cpu0, Duration.ofNanos(wallNormal - wall0), cpu1 - cpu0, Duration.ofNanos(wall1 - wall0),
                pg0 < 0 || pgNormal < 0 ? -1 : pgNormal - pg0, pg0 < 0 || pg1 < 0 ? -1 : pg1 - pg0, createTime);
    }

    private void createTriggers() throws InterruptedException {
        out.println("Creating " + options.triggers() + " triggers as the host admin, " + CREATE_CONCURRENCY
                + " requests in flight ...");
        Semaphore inFlight = new Semaphore(CREATE_CONCURRENCY);
        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<HttpResponse<String>>> created = new ArrayList<>();
        for (int i = 0; i < options.triggers(); i++) {
            String body = String.format(Locale.ROOT, "{\"name\":\"bench-%05d\",\"processName\":\"bench\","
                    + "\"type\":\"CRON\",\"cron\":\"0 * * * * *\",\"tenantId\":\"%s\"}", i, options.tenantOf(i));
            inFlight.acquire();
            created.add(http.sendAsync(request(SCHEDULER + "/api/triggers", body), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        inFlight.release();
                        int n = done.incrementAndGet();
                        if (n % 5000 == 0) {
                            out.println("  " + n + " created");
                        }
                    }));
        }
        List<HttpResponse<String>> answers = created.stream().map(CompletableFuture::join).toList();
        List<HttpResponse<String>> failed = answers.stream().filter(r -> r.statusCode() != 201).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " triggers could not be created; first answer "
                    + failed.get(0).statusCode() + ": " + failed.get(0).body());
        }
    }

    /** The {@code count} minute boundaries (second 0) after {@code after}. */
    static List<Instant> boundariesAfter(Instant after, int count) {
        Instant first = after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        List<Instant> boundaries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boundaries.add(first.plus(i, ChronoUnit.MINUTES));
        }
        return boundaries;
    }

    static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(request(url, json), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String url, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        if (json == null) {
            return builder.POST(HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }
}
