package org.jobplatform.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as a child JVM, with its output appended to a log file. */
public final class ServiceProcess {

    /** JVM options given to every service process of the local stack: C1 only, for a quick start on few cores. */
    public static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /**
     * JVM options of a long-running service, as in the Dockerfile: the same heap, with the optimising compiler,
     * which pays for itself under sustained load.
     */
    public static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC");
    /**
     * JVM options of scheduler-service as a long-running service, as in docker-compose.yml: G1 with short pauses on a
     * fixed 256 MB heap. The executions it prepares for a minute boundary live about fifteen seconds, long enough to
     * be promoted; the serial collector then emptied the old generation with a full collection of 128-147 ms every
     * two minutes, which held a boundary's job requests up when it fell on one (decision 17).
     */
    public static final List<String> SCHEDULER_JVM_OPTIONS = List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20");

    private final Service service;
    private final Process process;
    private final Path logFile;
    private final long logOffset;

    private ServiceProcess(Service service, Process process, Path logFile, long logOffset) {
        this.service = service;
        this.process = process;
        this.logFile = logFile;
        this.logOffset = logOffset;
    }

    /**
     * The JVM options of a service run as a long-running service: {@link #SCHEDULER_JVM_OPTIONS} for scheduler-service,
     * {@link #SERVER_JVM_OPTIONS} for the others.
     */
    public static List<String> serverJvmOptions(Service service) {
        return service == Service.SCHEDULER_SERVICE ? SCHEDULER_JVM_OPTIONS : SERVER_JVM_OPTIONS;
    }

    /**
     * Builds the command line that runs a service's jar.
     *
     * @param service     the service
     * @param projectRoot the folder holding {@code mvnw}
     * @param javaHome    the Java installation to use
     * @return {@code <javaHome>/bin/java <options> -jar <root>/<name>/target/<name>.jar}
     */
    public static List<String> command(Service service, Path projectRoot, Path javaHome) {
        return command(service, projectRoot, javaHome, JVM_OPTIONS);
    }

    /** The command line that runs a service's jar with the given JVM options. */
    public static List<String> command(Service service, Path projectRoot, Path javaHome, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(service.jar(projectRoot).toString());
        return command;
    }

    /**
     * Builds the environment variables a service process gets on top of the inherited ones.
     *
     * @param service     the service
     * @param connections where Kafka and PostgreSQL are reachable
     * @return the variables, in a stable order
     */
    public static Map<String, String> environment(Service service, Connections connections) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SERVER_PORT", Integer.toString(service.port()));
        environment.put("KAFKA_BOOTSTRAP_SERVERS", connections.kafkaBootstrapServers());
        environment.put("DB_HOST", connections.dbHost());
        environment.put("DB_PORT", Integer.toString(connections.dbPort()));
        environment.put("DB_NAME", connections.dbName());
        environment.put("DB_USER", connections.dbUser());
        environment.put("DB_PASSWORD", connections.dbPassword());
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        return environment;
    }

    /**
     * Starts the service's jar as a child process whose output is appended to {@code <logDir>/<name>.log}.
     *
     * @param service     the service
     * @param projectRoot the folder holding {@code mvnw}
     * @param connections where Kafka and PostgreSQL are reachable
     * @param logDir      the folder for log files
     * @return the running process
     */
    public static ServiceProcess start(Service service, Path projectRoot, Connections connections, Path logDir) {
        return start(service, projectRoot, connections, logDir, Map.of());
    }

    /**
     * Starts a service process with settings added to its environment (for example a shorter heartbeat for a
     * test), after the connection settings.
     */
    public static ServiceProcess start(Service service, Path projectRoot, Connections connections, Path logDir,
            Map<String, String> extraEnvironment) {
        return start(service, projectRoot, connections, logDir, extraEnvironment, JVM_OPTIONS);
    }

    /** Starts a service process with settings added to its environment and the given JVM options. */
    public static ServiceProcess start(Service service, Path projectRoot, Connections connections, Path logDir,
            Map<String, String> extraEnvironment, List<String> jvmOptions) {
        Path logFile = logDir.resolve(service.moduleName() + ".log");
        try {
            Files.createDirectories(logDir);
            long offset = Files.exists(logFile) ? Files.size(logFile) : 0L;
            ProcessBuilder builder = new ProcessBuilder(
                    command(service, projectRoot, Path.of(System.getProperty("java.home")), jvmOptions))
                    .directory(projectRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment(service, connections));
            builder.environment().putAll(extraEnvironment);
            Process process = builder.start();
            process.getOutputStream().close();
            return new ServiceProcess(service, process, logFile, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + service.moduleName(), e);
        }
    }

    /**
     * Returns the service this process runs.
     *
     * @return the service
     */
    public Service service() {
        return service;
    }

    /**
     * Returns the underlying process.
     *
     * @return the process
     */
    public Process process() {
        return process;
    }

    /**
     * Returns the log file the process writes to.
     *
     * @return the log file
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * Returns the last lines this process wrote to its log, ignoring what earlier runs wrote.
     *
     * @param maxLines how many lines to return at most
     * @return the lines, oldest first
     */
    public List<String> logTail(int maxLines) {
        return tail(logFile, logOffset, maxLines);
    }

    /**
     * Asks the process to stop and waits for it until {@code deadlineNanos} (a {@link System#nanoTime()} value).
     *
     * @param deadlineNanos when to stop waiting
     * @return true when the process has exited
     */
    public boolean awaitExit(long deadlineNanos) {
        try {
            long remaining = deadlineNanos - System.nanoTime();
            return process.waitFor(Math.max(0L, remaining), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * Stops all given processes: a normal termination request first, then a forced kill for those
     * still running after {@code grace}.
     *
     * @param processes the processes to stop
     * @param grace     how long they may take to exit on their own
     */
    public static void stopAll(List<ServiceProcess> processes, Duration grace) {
        processes.forEach(p -> p.process.destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        for (ServiceProcess p : processes) {
            if (!p.awaitExit(deadline)) {
                p.process.destroyForcibly();
            }
        }
        long forcedDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        processes.forEach(p -> p.awaitExit(forcedDeadline));
    }

    static List<String> tail(Path file, long fromOffset, int maxLines) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(fromOffset, length - 64 * 1024);
            if (start >= length) {
                return List.of();
            }
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            int from = Math.max(0, lines.length - maxLines);
            return List.of(lines).subList(from, lines.length);
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }
}
