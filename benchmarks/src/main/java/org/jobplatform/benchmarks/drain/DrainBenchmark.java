package org.jobplatform.benchmarks.drain;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jobplatform.agent.AgentConfig;
import org.jobplatform.agent.AgentListener;
import org.jobplatform.agent.AgentRuntime;
import org.jobplatform.agent.Command;
import org.jobplatform.agent.CommandType;
import org.jobplatform.agent.RobotCredentials;
import org.jobplatform.agent.RobotFleet;
import org.jobplatform.benchmarks.BenchmarkStack;
import org.jobplatform.benchmarks.Benchmarks;
import org.jobplatform.benchmarks.propagation.Latencies;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;

import tools.jackson.databind.json.JsonMapper;

/**
 * Drains a host full of running jobs: starts maintenance-service, job-service and robot-gateway, a fleet of robot
 * agents that stop at once when told, and as many long jobs as the robots can run; then starts a host DRAINING
 * window and measures, from the request, when each robot received its Stop and when job-service had every job
 * STOPPED by the robots' confirmation. Warm-up drains of as many new jobs go first, each window ended before the
 * next jobs start: the services' compiler is busy with a drain's code paths through their first drains, which costs
 * the first drain about a third of the machine's CPU and is not over by the second (decision 23). Every drain's
 * figures are printed, with the compiler's time and the CPU of each JVM over it; the targets are judged on the last
 * one.
 */
public final class DrainBenchmark {

    /** The benchmark's name on the command line. */
    public static final String NAME = "drain";
    /** The options, as shown in the usage text. */
    public static final String USAGE_OPTIONS = "[--jobs=" + DrainOptions.DEFAULT_JOBS + "] [--robots="
            + DrainOptions.DEFAULT_ROBOTS + "] [--warmup-drains=" + DrainOptions.DEFAULT_WARMUP_DRAINS
            + "] [--service-jvm-options=\"" + String.join(" ", ServiceProcess.SERVER_JVM_OPTIONS) + "\"]";
    /** One line on what it measures. */
    public static final String SUMMARY = "host DRAINING over N running jobs: every Stop delivered, and drained";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MAINTENANCE = Service.MAINTENANCE_SERVICE.baseUrl();
    private static final String JOBS = Service.JOB_SERVICE.baseUrl();
    private static final int CREATE_CONCURRENCY = 16;
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration TIMELINE_GRACE = Duration.ofSeconds(30);
    /** How often job-service's counts are asked for. */
    private static final Duration COUNTS_POLL = Duration.ofMillis(250);
    /** How often a condition within this JVM is checked. */
    private static final Duration LOCAL_POLL = Duration.ofMillis(20);
    /** How long a job creation refused with 503 waits before it is sent again. */
    private static final Duration RETRY_CREATE = Duration.ofMillis(100);
    /** The pause between reading the JVMs' counters and the request, which the services' reading work falls in. */
    private static final Duration SETTLE_AFTER_READING = Duration.ofMillis(500);
    private static final Duration TARGET_STOPS = Duration.ofSeconds(1);
    private static final Duration TARGET_DRAINED = Duration.ofSeconds(3);
    private static final List<Service> SERVICES = List.of(Service.MAINTENANCE_SERVICE, Service.JOB_SERVICE,
            Service.ROBOT_GATEWAY);

    private final DrainOptions options;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Long> stopReceived = new ConcurrentHashMap<>();

    private DrainBenchmark(DrainOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Parses the options and runs the benchmark, always stopping what it started.
     *
     * @return {@link Benchmarks#COMPLETED}, {@link Benchmarks#FAILED} or {@link Benchmarks#USAGE_ERROR}
     */
    public static int main(List<String> args, PrintStream out, PrintStream err) {
        DrainOptions options;
        try {
            options = DrainOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return Benchmarks.usageError(err, NAME, USAGE_OPTIONS, e);
        }
        try {
            new DrainBenchmark(options, out).run();
            return Benchmarks.COMPLETED;
        } catch (Exception e) {
            err.println("The drain benchmark failed: " + e);
            return Benchmarks.FAILED;
        }
    }

    private void run() throws Exception {
        out.printf(Locale.ROOT, "Drain: %d running jobs on %d robots (%d each); services with %s%n", options.jobs(),
                options.robots(), options.capacity(), String.join(" ", options.jvmOptions()));
        try (BenchmarkStack stack = BenchmarkStack.start(NAME, out)) {
            // Ctrl-C must not leave the services running
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, NAME + "-shutdown"));
            stack.startServices(SERVICES, Map.of("SPRING_APPLICATION_JSON", JSON.writeValueAsString(Map.of(
                    "jobs.robots.connected-timeout", "60s", "robots.heartbeat.poll-after", "5s"))),
                    options.jvmOptions());
            AgentConfig config = AgentConfig.defaults(URI.create(Service.ROBOT_GATEWAY.baseUrl()))
                    .withCapacity(options.capacity()).withDataDir(stack.workDir().resolve("robots"));
            out.println("Registering " + options.robots() + " robots ...");
            List<RobotCredentials> robots = RobotFleet.provision(config, "acme", "acme", options.robots(), "bench");
            try (AgentRuntime runtime = AgentRuntime.create(4);
                    RobotFleet fleet = new RobotFleet(config, robots, listener(), runtime)) {
                fleet.start();
                for (int round = 1; round <= options.warmupDrains() + 1; round++) {
                    boolean measured = round > options.warmupDrains();
                    String title = (measured ? "Drain" : "Warm-up drain " + round) + " of " + options.jobs()
                            + " jobs on " + options.robots() + " robots"
                            + (round == 1 ? " (the first in these processes)" : "");
                    out.println(title + ":");
                    DrainResult result = drainNewJobs(stack.connections().kafkaBootstrapServers());
                    result.print(out, title, TARGET_STOPS, TARGET_DRAINED);
                    HttpResponse<String> ended = post(MAINTENANCE + "/api/maintenance/end", "admin", null);
                    if (ended.statusCode() != 200) {
                        throw new IllegalStateException("end answered " + ended.statusCode() + ": " + ended.body());
                    }
                }
            }
            out.println("Logs and data of this run are kept in " + stack.workDir());
        }
    }

    private AgentListener listener() {
        return new AgentListener() {
            @Override
            public void onCommand(String robotId, Command command, long receivedAtNanos) {
                if (command.type() == CommandType.STOP) {
                    stopReceived.putIfAbsent(command.jobId(), receivedAtNanos);
                }
            }
        };
    }

    /** Starts as many new jobs as the options say, waits until they all run, then drains them. */
    private DrainResult drainNewJobs(String bootstrapServers) throws Exception {
        long stoppedBefore = count("STOPPED");
        long runningBefore = count("RUNNING");
        stopReceived.clear();
        createJobs();
        awaitCounts("RUNNING", runningBefore + options.jobs(), SETUP_TIMEOUT, "every job RUNNING");
        return drain(bootstrapServers, stoppedBefore);
    }

    private void createJobs() throws InterruptedException {
        out.println("Creating " + options.jobs() + " jobs ...");
        String body = "{\"processName\":\"bench\",\"inputArguments\":{\"durationMs\":3600000,"
                + "\"logEveryMs\":600000,\"stopWithinMs\":0}}";
        Semaphore inFlight = new Semaphore(CREATE_CONCURRENCY);
        List<CompletableFuture<HttpResponse<String>>> created = new ArrayList<>();
        long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        for (int i = 0; i < options.jobs(); i++) {
            inFlight.acquire();
            created.add(create(body, deadline).whenComplete((response, error) -> inFlight.release()));
        }
        long failed = created.stream().map(CompletableFuture::join).filter(r -> r.statusCode() != 201).count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " jobs could not be created");
        }
    }

    /**
     * Creates one job; a 503 (job-service has not yet seen the end of the window before) is asked again a little
     * later, until the deadline.
     */
    private CompletableFuture<HttpResponse<String>> create(String body, long deadline) {
        return http.sendAsync(request(JOBS + "/api/jobs", "acme", body), HttpResponse.BodyHandlers.ofString())
                .thenCompose(response -> response.statusCode() != 503 || System.nanoTime() > deadline
                        ? CompletableFuture.completedFuture(response)
                        : CompletableFuture.runAsync(() -> { },
                                CompletableFuture.delayedExecutor(RETRY_CREATE.toMillis(), TimeUnit.MILLISECONDS))
                                .thenCompose(waited -> create(body, deadline)));
    }

    private DrainResult drain(String bootstrapServers, long stoppedBefore) throws Exception {
        try (DrainTimeline timeline = DrainTimeline.open(bootstrapServers)) {
            out.println("Starting host DRAINING ...");
            JvmWork before = JvmWork.read(http, SERVICES);
            // the services' work of answering the read is over before the drain's clock starts
            Thread.sleep(SETTLE_AFTER_READING.toMillis());
            Instant requestedAt = Instant.now();
            long requested = System.nanoTime();
            timeline.countFrom(requestedAt);
            HttpResponse<String> answer = post(
                    MAINTENANCE + "/api/maintenance/start?phase=DRAINING&reason=benchmark", "admin", null);
            long answered = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("start DRAINING answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            awaitCounts("STOPPED", stoppedBefore + options.jobs(), DRAIN_TIMEOUT, "every job STOPPED");
            JvmWork spent = JvmWork.read(http, SERVICES).since(before);
            await(() -> stopReceived.size() >= options.jobs(), DRAIN_TIMEOUT, "every Stop received", LOCAL_POLL);
            timeline.read();
            // read from the ends taken before the drain; the last STOPPED events may still be on their way
            await(() -> {
                Map<DrainTimeline.Stage, Latencies> seen = timeline.stages(requestedAt);
                return seen.size() == DrainTimeline.Stage.values().length
                        && seen.values().stream().allMatch(l -> l.count() >= options.jobs());
            }, TIMELINE_GRACE, "every stage of every job on the broker", LOCAL_POLL);
            List<Duration> stops = stopReceived.values().stream().map(at -> Duration.ofNanos(at - requested))
                    .toList();
            Map<DrainTimeline.Stage, Latencies> stages = timeline.stages(requestedAt);
            // drained when job-service applied the last robot report: the time its STOPPED change was written
            Duration drained = stages.get(DrainTimeline.Stage.STOPPED_WRITTEN).max();
            return new DrainResult(options, Duration.ofNanos(answered - requested), Latencies.of(stops), drained,
                    stages, spent);
        }
    }

    /**
     * Waits until job-service counts {@code expected} jobs in the state. Each look is a call and a count over every
     * job, so it looks only every {@link #COUNTS_POLL}: looking every few milliseconds took CPU from the drain.
     */
    private void awaitCounts(String state, long expected, Duration timeout, String what) throws Exception {
        await(() -> count(state) >= expected, timeout, what, COUNTS_POLL);
    }

    private long count(String state) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(JOBS + "/api/jobs/counts"))
                    .header("Authorization", basic("acme")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Object n = JSON.readValue(response.body(), Map.class).get(state);
            return n == null ? 0 : ((Number) n).longValue();
        } catch (Exception e) {
            return 0;
        }
    }

    private void await(BooleanSupplier condition, Duration timeout, String what, Duration every)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + timeout.toSeconds() + " s: " + what);
            }
            if (System.nanoTime() > nextReport) {
                out.println("  waiting for " + what + " (RUNNING " + count("RUNNING") + ", STOPPING "
                        + count("STOPPING") + ", STOPPED " + count("STOPPED") + ", Stops received "
                        + stopReceived.size() + ")");
                nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            Thread.sleep(every.toMillis());
        }
    }

    private HttpResponse<String> post(String url, String user, String json) throws Exception {
        return http.send(request(url, user, json), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String url, String user, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(user));
        if (json == null) {
            return builder.POST(HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
