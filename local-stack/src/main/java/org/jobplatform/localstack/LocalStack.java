package org.jobplatform.localstack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.jobplatform.infra.EmbeddedKafkaBroker;
import org.jobplatform.infra.EmbeddedPostgresServer;
import org.jobplatform.infra.FreePorts;

/** Command-line launcher of the local stack: Kafka, PostgreSQL and the five services, stopped together on Ctrl-C. */
public final class LocalStack {

    /** Port of the Kafka broker. */
    public static final int KAFKA_PORT = 9092;
    /** Port of PostgreSQL, away from 5432 so that a system PostgreSQL does not clash. */
    public static final int POSTGRES_PORT = 15432;
    /** How long one service may take to become ready. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** Pause between two readiness requests. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** How long services may take to stop before they are killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** System property the logging configuration reads the log folder from. */
    public static final String LOG_DIR_PROPERTY = "localstack.logs";

    private static final int LOG_TAIL_LINES = 40;

    private final PrintStream out;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private volatile boolean stopping;
    private Demo demo;
    private EmbeddedKafkaBroker kafka;
    private EmbeddedPostgresServer postgres;

    private LocalStack(PrintStream out) {
        this.out = out;
    }

    /**
     * Starts the stack and blocks until the JVM is stopped; exits with status 2 for invalid
     * arguments and 1 when something cannot start.
     *
     * @param args see {@link StackOptions#USAGE}
     */
    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(args, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(StackOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        LocalStack stack = new LocalStack(System.out);
        try {
            stack.run(options);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("Local stack failed: " + describe(e));
            System.exit(1);
            return;
        }
        stack.awaitTermination();
    }

    /**
     * Returns the ports the stack needs for the given services with what each one is for.
     *
     * @param services the services to start
     * @return port to purpose, Kafka and PostgreSQL first
     */
    public static Map<Integer, String> requiredPorts(List<Service> services) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(KAFKA_PORT, "Kafka");
        ports.put(POSTGRES_PORT, "PostgreSQL");
        services.forEach(service -> ports.put(service.port(), service.moduleName()));
        return ports;
    }

    /**
     * Lists every required port that is already taken, as readable messages.
     *
     * @param ports port to purpose
     * @return one message per taken port, empty when all are free
     */
    public static List<String> takenPorts(Map<Integer, String> ports) {
        List<String> problems = new ArrayList<>();
        ports.forEach((port, what) -> {
            if (!FreePorts.isFree(port)) {
                problems.add("Port " + port + " (" + what + ") is already in use");
            }
        });
        return problems;
    }

    /**
     * Lists the jars of the given services that have not been built.
     *
     * @param services    the services to start
     * @param projectRoot the folder holding {@code mvnw}
     * @return the missing jar paths
     */
    public static List<Path> missingJars(List<Service> services, Path projectRoot) {
        return services.stream().map(service -> service.jar(projectRoot)).filter(jar -> !Files.isRegularFile(jar))
                .toList();
    }

    private void run(StackOptions options) {
        Path projectRoot = ProjectRoot.find(Path.of("").toAbsolutePath());

        List<Path> missing = missingJars(options.services(), projectRoot);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Service jars are missing: " + missing
                    + System.lineSeparator() + "Build them with ./mvnw -DskipTests install or start with ./stack --build");
        }
        List<String> taken = takenPorts(requiredPorts(options.services()));
        if (!taken.isEmpty()) {
            throw new IllegalStateException(String.join(System.lineSeparator(), taken)
                    + System.lineSeparator() + "Stop whatever uses these ports (perhaps another local stack) and retry");
        }

        DataDirectory data = DataDirectory.prepare(options.dataDir(), options.wipe());
        System.setProperty(LOG_DIR_PROPERTY, data.logs().toString());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-stack-shutdown"));

        out.println("Data folder " + data.root() + (options.wipe() ? " (wiped)" : ""));
        out.println("Starting Kafka on 127.0.0.1:" + KAFKA_PORT + " ...");
        kafka = EmbeddedKafkaBroker.start(data.kafka(), KAFKA_PORT);
        out.println("Starting PostgreSQL on 127.0.0.1:" + POSTGRES_PORT + " ...");
        postgres = EmbeddedPostgresServer.start(data.postgres(), POSTGRES_PORT, false);

        Connections connections = new Connections(kafka.bootstrapServers(), postgres.host(), postgres.port(),
                postgres.database(), postgres.username(), postgres.password());
        for (Service service : options.services()) {
            ServiceProcess process = ServiceProcess.start(service, projectRoot, connections, data.logs());
            synchronized (processes) {
                processes.add(process);
            }
            out.println("Starting " + service.moduleName() + " on port " + service.port() + " (log "
                    + process.logFile() + ")");
        }

        Readiness readiness = new Readiness(POLL_INTERVAL, READY_TIMEOUT);
        for (ServiceProcess process : List.copyOf(processes)) {
            Readiness.Outcome outcome = readiness.await(process);
            if (outcome != Readiness.Outcome.READY) {
                throw new IllegalStateException(failure(process, outcome));
            }
            out.println(process.service().moduleName() + " is ready");
            watch(process);
        }
        out.print(Banner.render(options.services(), connections, data.root()));
        if (options.demo()) {
            demo = Demo.start(data.root(), out);
        }
        out.flush();
    }

    private static String failure(ServiceProcess process, Readiness.Outcome outcome) {
        String name = process.service().moduleName();
        String reason = outcome == Readiness.Outcome.EXITED
                ? name + " exited with code " + process.process().exitValue() + " before becoming ready"
                : name + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s ("
                        + process.service().readinessUrl() + ")";
        StringBuilder text = new StringBuilder(reason).append(System.lineSeparator())
                .append("Last lines of ").append(process.logFile()).append(':').append(System.lineSeparator());
        process.logTail(LOG_TAIL_LINES).forEach(line -> text.append("  | ").append(line).append(System.lineSeparator()));
        return text.toString();
    }

    private void watch(ServiceProcess process) {
        process.process().onExit().thenAccept(exited -> {
            if (!stopping) {
                out.println(process.service().moduleName() + " exited with code " + exited.exitValue() + "; see "
                        + process.logFile());
            }
        });
    }

    private void awaitTermination() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (demo != null) {
            out.println("Stopping the demo robots ...");
            demo.close();
        }
        List<ServiceProcess> running;
        synchronized (processes) {
            running = List.copyOf(processes);
        }
        if (!running.isEmpty()) {
            out.println("Stopping services ...");
            ServiceProcess.stopAll(running, STOP_GRACE);
        }
        if (postgres != null) {
            out.println("Stopping PostgreSQL ...");
            closeQuietly(postgres);
        }
        if (kafka != null) {
            out.println("Stopping Kafka ...");
            closeQuietly(kafka);
        }
        out.println("Local stack stopped");
        out.flush();
    }

    private void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            out.println("  " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            text.append(System.lineSeparator()).append("  caused by: ").append(cause);
            e = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }
}
