package org.jobplatform.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jobplatform.benchmarks.propagation.ResidentMemory;
import org.jobplatform.infra.EmbeddedKafkaBroker;
import org.jobplatform.infra.EmbeddedPostgresServer;
import org.jobplatform.localstack.Connections;
import org.jobplatform.localstack.LocalStack;
import org.jobplatform.localstack.ProjectRoot;
import org.jobplatform.localstack.Readiness;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;

/**
 * What a benchmark runs against: Kafka and PostgreSQL on free ports in a fresh temporary folder, and services as
 * processes on their usual ports. Closing it stops everything it started.
 */
public final class BenchmarkStack implements AutoCloseable {

    private static final Duration READY_POLL = Duration.ofMillis(250);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    private final PrintStream out;
    private final Path workDir;
    private final Path root;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private EmbeddedKafkaBroker kafka;
    private EmbeddedPostgresServer postgres;
    private Connections connections;
    private boolean closed;

    private BenchmarkStack(PrintStream out, Path workDir) {
        this.out = out;
        this.workDir = workDir;
        this.root = ProjectRoot.find(Path.of("").toAbsolutePath());
    }

    /** Refuses to start when a service's jar is missing or its port is taken, saying what to do. */
    public static void preflight(List<Service> services) {
        Path root = ProjectRoot.find(Path.of("").toAbsolutePath());
        List<Path> missing = LocalStack.missingJars(services, root);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Service jars are missing: " + missing + System.lineSeparator()
                    + "Build them first with ./mvnw -q install -DskipTests");
        }
        Map<Integer, String> ports = new LinkedHashMap<>();
        services.forEach(service -> ports.put(service.port(), service.moduleName()));
        List<String> taken = LocalStack.takenPorts(ports);
        if (!taken.isEmpty()) {
            throw new IllegalStateException(String.join(System.lineSeparator(), taken) + System.lineSeparator()
                    + "The services need ports " + ports.keySet() + "; stop whatever uses them (perhaps a local"
                    + " stack) and retry");
        }
    }

    /** A failure with its causes, one per line, for the console. */
    public static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(error.getMessage() == null ? error.toString() : error.getMessage());
        Throwable cause = error.getCause();
        while (cause != null && cause != cause.getCause()) {
            text.append(System.lineSeparator()).append("  caused by ").append(cause);
            cause = cause.getCause();
        }
        return text.toString();
    }

    /** Starts Kafka and PostgreSQL in a new temporary folder named after the benchmark. */
    public static BenchmarkStack start(String benchmark, PrintStream out) throws IOException {
        BenchmarkStack stack = new BenchmarkStack(out, Files.createTempDirectory(benchmark + "-"));
        Path logs = Files.createDirectories(stack.workDir.resolve("logs"));
        System.setProperty(LocalStack.LOG_DIR_PROPERTY, logs.toString());
        out.println("Work folder " + stack.workDir);
        out.println("Starting Kafka and PostgreSQL on free ports ...");
        try {
            stack.kafka = EmbeddedKafkaBroker.start(stack.workDir.resolve("kafka"), 0);
            stack.postgres = EmbeddedPostgresServer.start(stack.workDir.resolve("postgres"), 0, true);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        stack.connections = new Connections(stack.kafka.bootstrapServers(), stack.postgres.host(),
                stack.postgres.port(), stack.postgres.database(), stack.postgres.username(),
                stack.postgres.password());
        out.println("Kafka on " + stack.kafka.bootstrapServers() + ", PostgreSQL on " + stack.postgres.host() + ":"
                + stack.postgres.port());
        return stack;
    }

    /** Where Kafka and PostgreSQL are. */
    public Connections connections() {
        return connections;
    }

    /** The project folder, holding the service jars. */
    public Path projectRoot() {
        return root;
    }

    /** The temporary folder of this run. */
    public Path workDir() {
        return workDir;
    }

    /**
     * Starts the services with extra environment variables and the local stack's JVM options, and waits until every
     * one is ready.
     */
    public void startServices(List<Service> services, Map<String, String> environment) {
        startServices(services, environment, ServiceProcess.JVM_OPTIONS);
    }

    /** Starts the services with extra environment variables and the given JVM options; waits until all are ready. */
    public void startServices(List<Service> services, Map<String, String> environment, List<String> jvmOptions) {
        startServices(services, environment, service -> jvmOptions);
    }

    /** Starts the services with extra environment variables and each its own JVM options; waits until all are ready. */
    public void startServices(List<Service> services, Map<String, String> environment,
            Function<Service, List<String>> jvmOptions) {
        long startedAt = System.nanoTime();
        Map<List<String>, List<String>> namesByOptions = new LinkedHashMap<>();
        services.forEach(service -> namesByOptions.computeIfAbsent(jvmOptions.apply(service), k -> new ArrayList<>())
                .add(service.moduleName()));
        out.println("Starting " + namesByOptions.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " (" + String.join(" ", e.getKey()) + ")")
                .collect(Collectors.joining("; ")) + " ...");
        for (Service service : services) {
            ServiceProcess process = ServiceProcess.start(service, root, connections, workDir.resolve("logs"),
                    environment, jvmOptions.apply(service));
            synchronized (processes) {
                processes.add(process);
            }
        }
        Readiness readiness = new Readiness(READY_POLL, READY_TIMEOUT);
        for (ServiceProcess process : processes()) {
            Readiness.Outcome outcome = readiness.await(process);
            if (outcome != Readiness.Outcome.READY) {
                String name = process.service().moduleName();
                String reason = outcome == Readiness.Outcome.EXITED
                        ? name + " exited with code " + process.process().exitValue() + " before becoming ready"
                        : name + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s";
                throw new IllegalStateException(reason + "; last lines of its log:" + System.lineSeparator()
                        + process.logTail(LOG_TAIL_LINES).stream().map(l -> "  | " + l)
                                .collect(Collectors.joining(System.lineSeparator())));
            }
            requireOwnPort(process.process().pid(), process.service().port(), process.service().moduleName());
        }
        out.printf(Locale.ROOT, "All services ready after %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    }

    /** Refuses to go on when the port answered but another process holds it, so that no load goes elsewhere. */
    public static void requireOwnPort(long pid, int port, String name) {
        if (!PortOwner.listens(pid, port).orElse(true)) {
            throw new IllegalStateException("Port " + port + " answers, but not from the " + name + " this run"
                    + " started (pid " + pid + "): another stack took the port after the check; stop it and retry");
        }
    }

    /** The running process of a service this stack started. */
    public ServiceProcess process(Service service) {
        return processes().stream().filter(p -> p.service() == service).findFirst().orElseThrow();
    }

    /** Prints the last lines each service wrote. */
    public void printLogTails(PrintStream err, int lines) {
        for (ServiceProcess process : processes()) {
            err.println("Last lines of " + process.service().moduleName() + " (" + (process.process().isAlive()
                    ? "running" : "exited with " + process.process().exitValue()) + "):");
            process.logTail(lines).forEach(line -> err.println("  | " + line));
        }
    }

    /** The service processes started so far. */
    public List<ServiceProcess> processes() {
        synchronized (processes) {
            return List.copyOf(processes);
        }
    }

    /** Each service's resident memory now, in kilobytes, where the platform tells it. */
    public Map<String, OptionalLong> residentMemory() {
        Map<String, OptionalLong> rss = new LinkedHashMap<>();
        for (ServiceProcess process : processes()) {
            rss.put(process.service().moduleName(), ResidentMemory.kilobytes(process.process().pid()));
        }
        return rss;
    }

    /** Stops the services, then PostgreSQL and Kafka; reports what could not be stopped cleanly. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ServiceProcess> running = processes();
        if (!running.isEmpty()) {
            out.println("Stopping services ...");
            ServiceProcess.stopAll(running, STOP_GRACE);
        }
        closeQuietly(postgres);
        closeQuietly(kafka);
        out.println("Stopped");
    }

    private void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            out.println("  could not stop cleanly: " + e.getMessage());
        }
    }
}
