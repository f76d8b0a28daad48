package org.jobplatform.benchmarks.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jobplatform.benchmarks.BenchmarkStack;
import org.jobplatform.benchmarks.Benchmarks;
import org.jobplatform.benchmarks.propagation.ResidentMemory;
import org.jobplatform.infra.Directories;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;

/**
 * Starts Kafka, PostgreSQL, maintenance-service, robot-gateway and a bare WebFlux endpoint, registers the robots,
 * then loads robot-gateway's heartbeat, the bare endpoint, and robot-gateway's heartbeat again with the robots'
 * tenant SUSPENDED, and compares the rates.
 */
public final class GatewayBenchmark {

    /** The benchmark's name on the command line. */
    public static final String NAME = "gateway";
    /** The options, as shown in the usage text. */
    public static final String USAGE_OPTIONS = "[--robots=" + GatewayOptions.DEFAULT_ROBOTS + "] [--concurrency="
            + GatewayOptions.DEFAULT_CONCURRENCY + "] [--warmup-seconds=" + GatewayOptions.DEFAULT_WARMUP_SECONDS
            + "] [--measure-seconds=" + GatewayOptions.DEFAULT_MEASURE_SECONDS + "]";
    /** One line on what it measures. */
    public static final String SUMMARY = "robot heartbeats/s and latency vs. a bare WebFlux endpoint, 503s/s in"
            + " SUSPENDED; gateway RSS";

    private static final List<Service> SERVICES = List.of(Service.MAINTENANCE_SERVICE, Service.ROBOT_GATEWAY);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int REGISTRATION_THREADS = 8;
    private static final int LOG_TAIL_LINES = 20;

    private final GatewayOptions options;
    private final PrintStream out;
    private BenchmarkStack stack;
    private BareEndpoint bare;
    private LoadGenerator load;
    private boolean stopped;

    private GatewayBenchmark(GatewayOptions options, PrintStream out) {
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
        GatewayOptions options;
        try {
            options = GatewayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return Benchmarks.usageError(err, NAME, USAGE_OPTIONS, e);
        }
        if (options.help()) {
            return Benchmarks.help(out, NAME, USAGE_OPTIONS, SUMMARY);
        }
        GatewayBenchmark benchmark = new GatewayBenchmark(options, out);
        return Benchmarks.measure(NAME, out, err, () -> GatewayReport.render(benchmark.run()), benchmark::stop,
                benchmark::printLogTails);
    }

    private GatewayResult run() throws Exception {
        BenchmarkStack.preflight(SERVICES);

        synchronized (this) {
            stack = BenchmarkStack.start(NAME, out);
        }
        startProcesses();
        Map<String, OptionalLong> rssStart = residentMemory();

        GatewayApi api = new GatewayApi(Service.ROBOT_GATEWAY.baseUrl(), Service.MAINTENANCE_SERVICE.baseUrl());
        List<GatewayApi.Robot> robots = register(api);
        load = new LoadGenerator(options.concurrency(), robots.stream().map(GatewayApi.Robot::authorization)
                .toList());
        long gatewayPid = stack.process(Service.ROBOT_GATEWAY).process().pid();
        String heartbeatUrl = Service.ROBOT_GATEWAY.baseUrl() + "/api/robot/heartbeat";

        LoadResult heartbeats = measure(new LoadGenerator.Target("heartbeats (robot-gateway)", heartbeatUrl, 200,
                "pollAfterMs", gatewayPid));
        LoadResult bareHeartbeats = measure(new LoadGenerator.Target("bare endpoint", bare.url(), 200,
                "pollAfterMs", bare.process().pid()));
        LoadResult refusals = suspended(api, robots.get(0), new LoadGenerator.Target("503s in SUSPENDED",
                heartbeatUrl, 503, null, gatewayPid));
        Map<String, OptionalLong> rssEnd = residentMemory();
        out.println();
        return new GatewayResult(options, heartbeats, bareHeartbeats, refusals, rssStart, rssEnd);
    }

    private void startProcesses() throws InterruptedException {
        long startedAt = System.nanoTime();
        stack.startServices(SERVICES, Map.of());
        Path logs = stack.workDir().resolve("logs");
        synchronized (this) {
            bare = BareEndpoint.start(stack.workDir(), logs);
        }
        out.println("Starting the bare endpoint (port " + bare.port() + ", " + ServiceProcess.JVM_OPTIONS + ") ...");
        bare.awaitReady(READY_TIMEOUT);
        BenchmarkStack.requireOwnPort(bare.process().pid(), bare.port(), BareEndpoint.NAME);
        out.printf(Locale.ROOT, "All ready after %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    }

    private List<GatewayApi.Robot> register(GatewayApi api) throws InterruptedException, ExecutionException {
        out.printf(Locale.ROOT, "Registering %d robots for tenant %s ...%n", options.robots(), GatewayApi.TENANT);
        long startedAt = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(REGISTRATION_THREADS);
        try {
            List<Future<GatewayApi.Robot>> pending = new ArrayList<>();
            for (int i = 1; i <= options.robots(); i++) {
                String name = String.format(Locale.ROOT, "gateway-bench-%05d", i);
                pending.add(pool.submit(() -> api.register(name)));
            }
            List<GatewayApi.Robot> robots = new ArrayList<>();
            for (Future<GatewayApi.Robot> robot : pending) {
                robots.add(robot.get());
            }
            out.printf(Locale.ROOT, "%d robots registered in %.1f s%n", robots.size(),
                    (System.nanoTime() - startedAt) / 1e9);
            return robots;
        } finally {
            pool.shutdownNow();
        }
    }

    private LoadResult measure(LoadGenerator.Target target) throws InterruptedException {
        out.printf(Locale.ROOT, "%s: %d s warmup, %d s measured, %d requests in flight ...%n", target.label(),
                options.warmupSeconds(), options.measureSeconds(), options.concurrency());
        return load.run(target, options.warmup(), options.measure());
    }

    /** Puts the tenant in SUSPENDED, waits until the gateway refuses, measures, and always ends the window. */
    private LoadResult suspended(GatewayApi api, GatewayApi.Robot probe, LoadGenerator.Target target)
            throws IOException, InterruptedException {
        out.println("Starting SUSPENDED for tenant " + GatewayApi.TENANT + " ...");
        api.startSuspended();
        LoadResult result;
        try {
            long applied = awaitStatus(api, probe, 503);
            out.printf(Locale.ROOT, "robot-gateway answered 503 %d ms after the 200 of start%n", applied);
            result = measure(target);
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                end(api, probe);
            } catch (IOException | InterruptedException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        end(api, probe);
        return result;
    }

    private void end(GatewayApi api, GatewayApi.Robot probe) throws IOException, InterruptedException {
        out.println("Ending the maintenance of tenant " + GatewayApi.TENANT + " ...");
        api.endMaintenance();
        long back = awaitStatus(api, probe, 200);
        out.printf(Locale.ROOT, "robot-gateway answered heartbeats with 200 again %d ms after the 200 of end%n",
                back);
    }

    /** Sends heartbeats until one is answered with the status and returns how many milliseconds that took. */
    private static long awaitStatus(GatewayApi api, GatewayApi.Robot robot, int status)
            throws IOException, InterruptedException {
        long startedAt = System.nanoTime();
        long deadline = startedAt + PHASE_TIMEOUT.toNanos();
        int last = api.heartbeat(robot);
        while (last != status) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("robot-gateway still answered " + last + " instead of " + status
                        + " " + PHASE_TIMEOUT.toSeconds() + " s after the maintenance API's 200");
            }
            TimeUnit.MILLISECONDS.sleep(20);
            last = api.heartbeat(robot);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    }

    private Map<String, OptionalLong> residentMemory() {
        Map<String, OptionalLong> rss = new LinkedHashMap<>();
        rss.put(Service.ROBOT_GATEWAY.moduleName(),
                ResidentMemory.kilobytes(stack.process(Service.ROBOT_GATEWAY).process().pid()));
        rss.put(BareEndpoint.NAME, ResidentMemory.kilobytes(bare.process().pid()));
        return rss;
    }

    private void printLogTails(PrintStream err) {
        if (stack != null) {
            stack.printLogTails(err, LOG_TAIL_LINES);
        }
        BareEndpoint endpoint;
        synchronized (this) {
            endpoint = bare;
        }
        if (endpoint != null) {
            err.println("Last lines of " + BareEndpoint.NAME + " (" + (endpoint.process().isAlive() ? "running"
                    : "exited with " + endpoint.process().exitValue()) + "):");
            endpoint.logTail(LOG_TAIL_LINES).forEach(line -> err.println("  | " + line));
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (load != null) {
            load.close();
        }
        if (bare != null) {
            out.println("Stopping the bare endpoint ...");
            bare.stop(STOP_GRACE);
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
