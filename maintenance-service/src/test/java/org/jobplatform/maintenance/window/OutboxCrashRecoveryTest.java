package org.jobplatform.maintenance.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Topics;
import org.jobplatform.maintenance.MaintenanceServiceApplication;
import org.jobplatform.maintenance.support.MaintenanceClient;
import org.jobplatform.maintenance.support.TopicProbe;
import org.jobplatform.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A crash between the database commit and the publish loses nothing: the change is committed with its event in
 * the outbox, the instance dies before relaying, and the next instance publishes it, once, and deletes it from the
 * outbox. The same restart shows that the phase survives it.
 */
class OutboxCrashRecoveryTest {

    private static ConfigurableApplicationContext start(boolean relay) {
        Map<String, Object> props = new java.util.HashMap<>(SharedInfrastructure.properties());
        props.put("server.port", "0");
        props.put("maintenance.outbox.relay-enabled", Boolean.toString(relay));
        props.put("maintenance.outbox.poll-interval", "200ms");
        // as arguments, above application.yml: default properties would leave server.port at its 8081 there
        return new SpringApplicationBuilder(MaintenanceServiceApplication.class).run(props.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static MaintenanceClient client(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return new MaintenanceClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build());
    }

    @Test
    void aChangeCommittedButNotPublished_isPublishedOnceByTheNextInstance_andThePhaseSurvivesTheRestart() {
        String tenant = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String scope = "tenant:" + tenant;
        try (ConfigurableApplicationContext crashing = start(false)) {
            client(crashing).start("phase=SUSPENDED&tenantId=" + tenant).expectStatus().isOk();
            Long unpublished = crashing.getBean(DatabaseClient.class)
                    .sql("select count(*) as n from outbox_event where published_at is null and event_key = :scope")
                    .bind("scope", scope).map(r -> r.get("n", Long.class)).one().block();
            assertThat(unpublished).isEqualTo(1);
            assertThat(TopicProbe.readAll(Topics.PHASE_CHANGES, scope, MaintenancePhaseChanged.class)).isEmpty();
        }
        try (ConfigurableApplicationContext next = start(true)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    TopicProbe.readAll(Topics.PHASE_CHANGES, scope, MaintenancePhaseChanged.class))
                    .singleElement().satisfies(e -> {
                        assertThat(e.phase()).isEqualTo(Phase.SUSPENDED);
                        assertThat(e.epoch()).isEqualTo(1);
                    }));
            assertThat(client(next).state("admin", "tenantId=" + tenant)).containsEntry("phase", "SUSPENDED")
                    .containsEntry("epoch", 1);
            // a published event leaves the outbox (it is deleted in the transaction that saw it published)
            await().atMost(Duration.ofSeconds(30)).until(() -> next.getBean(DatabaseClient.class)
                    .sql("select count(*) as n from outbox_event where event_key = :scope")
                    .bind("scope", scope).map(r -> r.get("n", Long.class)).one().block() == 0);
            client(next).end("tenantId=" + tenant).expectStatus().isOk();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    TopicProbe.readAll(Topics.PHASE_CHANGES, scope, MaintenancePhaseChanged.class))
                    .extracting(MaintenancePhaseChanged::epoch).containsExactly(1L, 2L));
        }
    }
}
