package org.jobplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jobplatform.localstack.ProjectRoot;
import org.jobplatform.localstack.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, {@code ./stack}: the local stack launcher starts Kafka, PostgreSQL and the five services, prints
 * the banner with the URLs and users, serves a maintenance window, keeps the phase across a restart on the same
 * data folder, and stops everything on SIGTERM (what Ctrl-C's shutdown does). The script execs the launcher, so
 * the process the test stops is the launcher itself.
 */
class LocalStackCommandTest {

    @TempDir
    Path data;

    private Process launch(Path root, List<String> output) throws Exception {
        assertThat(root.resolve("local-stack/target/local-stack-exec.jar")).exists();
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("stack").toString(), "--data-dir=" + data)
                .directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                in.lines().forEach(output::add);
            } catch (java.io.IOException e) {
                output.add("(output closed: " + e.getMessage() + ")");
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(process.isAlive()).as(String.join("\n", output)).isTrue();
            assertThat(output).as(String.join("\n", output)).contains("Press Ctrl-C to stop");
        });
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher stopped on SIGTERM").isTrue();
    }

    @Test
    void theStackStarts_printsItsUrlsAndUsers_keepsThePhaseAcrossARestart_andStopsCleanly() throws Exception {
        Path root = ProjectRoot.find(Path.of("").toAbsolutePath());
        for (Service service : Service.values()) {
            org.jobplatform.infra.FreePorts.requireFree(service.port(), service.moduleName() + " of the local stack");
        }
        String maintenance = "http://localhost:" + Service.MAINTENANCE_SERVICE.port();
        List<String> output = new CopyOnWriteArrayList<>();
        Process first = launch(root, output);
        try {
            assertThat(String.join("\n", output)).contains("http://localhost:8081", "admin  / admin", "acme   / acme",
                    "globex / globex", "127.0.0.1:9092");
            Http.Response started = Http.post(maintenance + "/api/maintenance/start?phase=SUSPENDED&tenantId=globex",
                    "admin");
            assertThat(started.status()).isEqualTo(200);
        } finally {
            stop(first);
        }
        for (Service service : Service.values()) {
            assertThat(org.jobplatform.infra.FreePorts.isFree(service.port())).as(service + " port freed").isTrue();
        }
        assertThat(Files.exists(data.resolve("logs"))).isTrue();

        List<String> again = new CopyOnWriteArrayList<>();
        Process second = launch(root, again);
        try {
            Http.Response state = Http.get(maintenance + "/api/maintenance", "globex");
            assertThat(state.body()).containsEntry("phase", "SUSPENDED");
            assertThat(Http.post(maintenance + "/api/maintenance/end?tenantId=globex", "admin").status()).isEqualTo(200);
        } finally {
            stop(second);
        }
    }
}
