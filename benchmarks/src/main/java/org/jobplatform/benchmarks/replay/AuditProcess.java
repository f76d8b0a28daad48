package org.jobplatform.benchmarks.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jobplatform.benchmarks.BenchmarkStack;
import org.jobplatform.localstack.Connections;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;

/**
 * audit-service as a child JVM with the JVM options of the service image (the {@code Dockerfile}: 192 MB heap,
 * serial collector, both JIT compilers), on the local stack's environment. The local stack's launcher also stops the
 * JIT at its first tier, which starts services faster and runs a replay's decoding at about half speed; a throughput
 * benchmark measures the service as it is deployed.
 */
final class AuditProcess implements AutoCloseable {

    /** The JVM options of the service image. */
    static final List<String> IMAGE_JVM_OPTIONS = List.of("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;

    private AuditProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts audit-service with the extra environment and waits until it is ready. */
    static AuditProcess start(BenchmarkStack stack, Map<String, String> environment, PrintStream out)
            throws IOException, InterruptedException {
        Service service = Service.AUDIT_SERVICE;
        Path log = Files.createDirectories(stack.workDir().resolve("logs")).resolve(service.moduleName() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(IMAGE_JVM_OPTIONS);
        command.add("-jar");
        command.add(service.jar(stack.projectRoot()).toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(stack.projectRoot().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Connections connections = stack.connections();
        builder.environment().putAll(ServiceProcess.environment(service, connections));
        builder.environment().putAll(environment);
        out.println("Starting audit-service with " + String.join(" ", IMAGE_JVM_OPTIONS) + " ...");
        long started = System.nanoTime();
        AuditProcess audit = new AuditProcess(builder.start(), log);
        try {
            audit.awaitReady(service);
            BenchmarkStack.requireOwnPort(audit.process.pid(), service.port(), service.moduleName());
        } catch (IOException | InterruptedException | RuntimeException e) {
            audit.close();
            throw e;
        }
        out.printf(Locale.ROOT, "audit-service ready after %.1f s%n", (System.nanoTime() - started) / 1e9);
        return audit;
    }

    private void awaitReady(Service service) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("audit-service exited with code " + process.exitValue()
                        + " before becoming ready; its log: " + log);
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(service.readinessUrl()))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("audit-service did not become ready within " + READY_TIMEOUT.toSeconds()
                + " s; its log: " + log);
    }

    /** CPU time the process has used so far, or {@code null} where the platform does not tell. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(null);
    }

    /** The last lines of its log. */
    List<String> logTail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
