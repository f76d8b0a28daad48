package org.jobplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jobplatform.infra.EmbeddedPostgresServer;
import org.jobplatform.infra.FreePorts;
import org.jobplatform.localstack.Connections;
import org.jobplatform.localstack.ProjectRoot;
import org.jobplatform.localstack.Service;
import org.jobplatform.localstack.ServiceProcess;
import org.jobplatform.testsupport.SharedInfrastructure;

import tools.jackson.databind.json.JsonMapper;

/**
 * Services as separate processes on the shared embedded broker and database, each with its own settings, started and
 * stopped by one test class.
 */
final class Cluster implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path root;
    private final Connections connections;
    private final Path logs;
    private final List<ServiceProcess> processes = new ArrayList<>();

    Cluster(String logFolder) throws Exception {
        root = ProjectRoot.find(Path.of("").toAbsolutePath());
        SharedInfrastructure infra = SharedInfrastructure.get();
        EmbeddedPostgresServer pg = infra.postgres();
        connections = new Connections(infra.bootstrapServers(), pg.host(), pg.port(), pg.database(), pg.username(),
                pg.password());
        logs = Files.createDirectories(root.resolve("system-tests/target/" + logFolder));
    }

    /** Starts an instance of a service on a port with settings (Spring property names) and waits until it is ready. */
    ServiceProcess start(Service service, int port, Map<String, String> settings) {
        FreePorts.requireFree(port, service.moduleName() + " in the system test");
        ServiceProcess process = ServiceProcess.start(service, root, connections, logs.resolve(Integer.toString(port)),
                Map.of("SERVER_PORT", Integer.toString(port), "SPRING_APPLICATION_JSON",
                        JSON.writeValueAsString(settings)));
        processes.add(process);
        String readiness = "http://localhost:" + port + "/actuator/health/readiness";
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(process.process().isAlive()).as(service.moduleName() + " exited; log tail: "
                            + process.logTail(40)).isTrue();
                    assertThat(Http.get(readiness, null).status()).isEqualTo(200);
                });
        return process;
    }

    /** Kills an instance at once (SIGKILL), as a crash would. */
    void kill(ServiceProcess process) {
        process.process().destroyForcibly();
        process.awaitExit(System.nanoTime() + Duration.ofSeconds(10).toNanos());
        processes.remove(process);
    }

    @Override
    public void close() {
        ServiceProcess.stopAll(processes, Duration.ofSeconds(10));
        processes.clear();
    }
}
