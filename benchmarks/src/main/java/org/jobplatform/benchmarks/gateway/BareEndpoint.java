package org.jobplatform.benchmarks.gateway;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.jobplatform.localstack.ServiceProcess;

/** {@link BareHeartbeatServer} running as a child JVM with the services' JVM options, its output in a log file. */
final class BareEndpoint {

    /** The name of its log file and of its row in the report. */
    static final String NAME = "bare-endpoint";
    /** Boot's launcher that runs another main class ({@code loader.main}) from an executable jar. */
    static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final Process process;
    private final int port;
    private final Path logFile;

    private BareEndpoint(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Builds the command line. From the executable benchmarks jar, Boot's {@code PropertiesLauncher} runs the server
     * class from the same jar; from a plain class path (tests, an IDE), the class runs directly.
     *
     * @param javaHome  the Java installation
     * @param classPath this JVM's class path, absolute entries
     * @param bootJar   whether the class path is Boot's executable jar
     * @param port      the HTTP port
     * @param logDir    where the application's own log file goes
     * @return the command
     */
    static List<String> command(Path javaHome, String classPath, boolean bootJar, int port, Path logDir) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(ServiceProcess.JVM_OPTIONS);
        // the local stack's logback.xml is on the class path; this keeps its file next to the other logs
        command.add("-Dlocalstack.logs=" + logDir);
        command.add("-cp");
        command.add(classPath);
        if (bootJar) {
            command.add("-Dloader.main=" + BareHeartbeatServer.class.getName());
            command.add(PROPERTIES_LAUNCHER);
        } else {
            command.add(BareHeartbeatServer.class.getName());
        }
        command.add("--server.port=" + port);
        return command;
    }

    /**
     * Makes the entries of a class path absolute, so that a child with another working folder finds them.
     *
     * @param classPath the class path, entries separated by the platform's separator
     * @return the same entries, absolute
     */
    static String absolute(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator)).filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Tells whether a class path is a single Spring Boot executable jar.
     *
     * @param classPath the class path
     * @return true for one jar whose manifest names {@code Spring-Boot-Classes}
     */
    static boolean isBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getManifest() != null
                    && jar.getManifest().getMainAttributes().getValue("Spring-Boot-Classes") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts the server on a free port.
     *
     * @param workDir the child's working folder
     * @param logDir  where {@code bare-endpoint.log} goes
     * @return the running process
     */
    static BareEndpoint start(Path workDir, Path logDir) {
        String classPath = absolute(System.getProperty("java.class.path"));
        Path logFile = logDir.resolve(NAME + ".log");
        try {
            int port = freePort();
            Path appLogs = Files.createDirectories(logDir.resolve(NAME));
            Process process = new ProcessBuilder(command(Path.of(System.getProperty("java.home")), classPath,
                    isBootJar(classPath), port, appLogs))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            process.getOutputStream().close();
            return new BareEndpoint(process, port, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the bare endpoint", e);
        }
    }

    /**
     * Returns the endpoint's URL.
     *
     * @return {@code http://localhost:<port>/bare/heartbeat}
     */
    String url() {
        return "http://localhost:" + port + BareHeartbeatServer.PATH;
    }

    /**
     * Returns the port.
     *
     * @return the port
     */
    int port() {
        return port;
    }

    /**
     * Returns the process.
     *
     * @return the process
     */
    Process process() {
        return process;
    }

    /**
     * Waits until a heartbeat is answered 200, the process exits or time runs out.
     *
     * @param timeout how long to wait
     * @throws IllegalStateException when it did not become ready
     * @throws InterruptedException  when interrupted
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url())).timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LoadGenerator.HEARTBEAT_BODY)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(NAME + " did not answer 200 within " + timeout.toSeconds() + " s");
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(NAME + " exited with code " + process.exitValue() + " before becoming ready");
    }

    /**
     * Returns the last lines of its log.
     *
     * @param maxLines how many lines at most
     * @return the lines, oldest first
     */
    List<String> logTail(int maxLines) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + logFile + ": " + e.getMessage() + ")");
        }
    }

    /**
     * Asks the process to stop, and kills it when it is still running after {@code grace}.
     *
     * @param grace how long it may take to exit
     */
    void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
