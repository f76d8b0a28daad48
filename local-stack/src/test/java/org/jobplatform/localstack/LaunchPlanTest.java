package org.jobplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchPlanTest {

    @TempDir
    Path tempDir;

    private final Connections connections =
            new Connections("127.0.0.1:9092", "127.0.0.1", 15432, "jobplatform", "postgres", "postgres");

    @Test
    void eachServiceHasItsOwnFixedPort() {
        assertThat(Service.values()).extracting(Service::moduleName, Service::port).containsExactly(
                tuple("maintenance-service", 8081),
                tuple("job-service", 8082),
                tuple("scheduler-service", 8083),
                tuple("robot-gateway", 8084),
                tuple("audit-service", 8085));
    }

    @Test
    void aServiceRunsFromItsModuleJarWithSmallHeapOptions() {
        Path root = Path.of("/work/project");
        Path javaHome = Path.of("/opt/java");

        List<String> command = ServiceProcess.command(Service.JOB_SERVICE, root, javaHome);

        assertThat(command).containsExactly(javaHome.resolve("bin/java").toString(), "-Xms64m", "-Xmx192m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                root.resolve("job-service/target/job-service.jar").toString());
    }

    @Test
    void aServiceGetsItsPortTheConnectionSettingsAndTheLocalProfile() {
        Map<String, String> environment = ServiceProcess.environment(Service.AUDIT_SERVICE, connections);

        assertThat(environment).containsExactly(
                Map.entry("SERVER_PORT", "8085"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                Map.entry("DB_HOST", "127.0.0.1"),
                Map.entry("DB_PORT", "15432"),
                Map.entry("DB_NAME", "jobplatform"),
                Map.entry("DB_USER", "postgres"),
                Map.entry("DB_PASSWORD", "postgres"),
                Map.entry("SPRING_PROFILES_ACTIVE", "local"));
    }

    @Test
    void theStackNeedsKafkaPostgresAndOnePortPerChosenService() {
        assertThat(LocalStack.requiredPorts(List.of(Service.ROBOT_GATEWAY)))
                .containsExactly(Map.entry(9092, "Kafka"), Map.entry(15432, "PostgreSQL"),
                        Map.entry(8084, "robot-gateway"));
    }

    @Test
    void aTakenPortIsReportedWithWhatItIsNeededFor() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();

            assertThat(LocalStack.takenPorts(Map.of(port, "job-service")))
                    .containsExactly("Port " + port + " (job-service) is already in use");
        }
    }

    @Test
    void missingServiceJarsAreListed() throws Exception {
        Path jar = Service.JOB_SERVICE.jar(tempDir);
        Files.createDirectories(jar.getParent());
        Files.createFile(jar);

        assertThat(LocalStack.missingJars(List.of(Service.JOB_SERVICE, Service.AUDIT_SERVICE), tempDir))
                .containsExactly(tempDir.resolve("audit-service/target/audit-service.jar"));
    }

    @Test
    void theBannerListsUrlsInfrastructureAndDefaultUsers() {
        String banner = Banner.render(List.of(Service.values()), connections, tempDir);

        for (Service service : Service.values()) {
            assertThat(banner).contains(service.baseUrl(), service.swaggerUiUrl());
        }
        assertThat(banner).contains("127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:15432/jobplatform",
                "admin  / admin", "host admin", "acme   / acme", "tenant acme", "globex / globex", "tenant globex",
                "Press Ctrl-C to stop");
    }

    @Test
    void wipingDeletesAFolderTheStackCreated() throws Exception {
        Path data = tempDir.resolve("data");
        DataDirectory first = DataDirectory.prepare(data, false);
        Files.writeString(first.logs().resolve("job-service.log"), "old");

        DataDirectory wiped = DataDirectory.prepare(data, true);

        assertThat(wiped.logs()).isEmptyDirectory();
        assertThat(wiped.root().resolve(DataDirectory.MARKER)).exists();
        assertThat(wiped.kafka()).isEqualTo(data.resolve("kafka"));
        assertThat(wiped.postgres()).isEqualTo(data.resolve("postgres"));
    }

    @Test
    void wipingAForeignNonEmptyFolderIsRefused() throws Exception {
        Path foreign = Files.createDirectories(tempDir.resolve("foreign"));
        Files.writeString(foreign.resolve("important.txt"), "keep me");

        assertThatThrownBy(() -> DataDirectory.prepare(foreign, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to wipe");
        assertThat(foreign.resolve("important.txt")).exists();
    }

    @Test
    void theLogTailOnlyShowsWhatTheCurrentRunWrote() throws Exception {
        Path log = tempDir.resolve("service.log");
        Files.writeString(log, "previous run\n");
        long offset = Files.size(log);
        Files.writeString(log, "line 1\nline 2\nline 3\n", StandardOpenOption.APPEND);

        assertThat(ServiceProcess.tail(log, offset, 2)).containsExactly("line 2", "line 3");
        assertThat(ServiceProcess.tail(log, offset, 10)).containsExactly("line 1", "line 2", "line 3");
    }
}
