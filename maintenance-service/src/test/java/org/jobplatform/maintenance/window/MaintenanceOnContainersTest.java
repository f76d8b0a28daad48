package org.jobplatform.maintenance.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jobplatform.maintenance.MaintenanceServiceApplication;
import org.jobplatform.maintenance.support.MaintenanceClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * maintenance-service on the Kafka and PostgreSQL images production runs, where a Docker engine exists; skipped
 * (not failed) where none does.
 */
@Testcontainers(disabledWithoutDocker = true)
class MaintenanceOnContainersTest {

    @Container
    static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

    @Container
    static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine")
            .withDatabaseName("jobplatform").withUsername("postgres").withPassword("postgres");

    @Test
    void aWindowOpensAndCloses_onContainerizedKafkaAndPostgres() {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("KAFKA_BOOTSTRAP_SERVERS", kafka.getBootstrapServers());
        props.put("DB_HOST", postgres.getHost());
        props.put("DB_PORT", postgres.getMappedPort(5432).toString());
        props.put("DB_NAME", "jobplatform");
        props.put("DB_USER", "postgres");
        props.put("DB_PASSWORD", "postgres");
        // as arguments, above application.yml (whose server.port is 8081)
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MaintenanceServiceApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new))) {
            MaintenanceClient api = new MaintenanceClient(WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(20)).build());
            api.start("phase=DRAINING").expectStatus().isOk();
            assertThat(api.state("admin", "")).containsEntry("phase", "DRAINING");
            api.end("").expectStatus().isOk();
            assertThat(api.state("admin", "")).containsEntry("phase", "NONE");
        }
    }
}
