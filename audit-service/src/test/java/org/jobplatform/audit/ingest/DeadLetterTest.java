package org.jobplatform.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.audit.support.AuditApi;
import org.jobplatform.audit.support.AuditServiceTest;
import org.jobplatform.audit.support.Database;
import org.jobplatform.audit.support.TestEvents;
import org.jobplatform.audit.support.WindowScenario;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.Topics;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Failure handling of the live consumers (group {@code audit-service}): a record that can never be processed goes to
 * {@code <topic>.audit-service.dlt} at once and its partition goes on; a batch the database fails is tried three times
 * in all, and applied when the database answers again, or dead-lettered after the third failure.
 */
@AuditServiceTest
class DeadLetterTest {

    private static final String DLT = Topics.deadLetter(Topics.JOB_EVENTS, "audit-service");

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    private static String tenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static WindowScenario windowWithOneStoppedJob(String tenant, String jobId) {
        return WindowScenario.tenant(tenant, "dead letters", Instant.now()).stoppedJob(tenant, jobId, "invoices",
                "robot-1");
    }

    private double failures() {
        return registry.find("audit.ingest.failures").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aPoisonEvent_landsOnTheDeadLetterTopic_andThePartitionGoesOn() {
        String tenant = tenant("poison");
        String jobId = UUID.randomUUID().toString();
        // same key as the window's job events, so the same partition: what follows the poison must still be applied
        TestEvents.publish(TestEvents.raw(Topics.JOB_EVENTS, tenant, "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of(CloudEventHeaders.TYPE, EventTypes.JOB_STATE_CHANGED, CloudEventHeaders.ID,
                        "poison-" + tenant)));
        TestEvents.publish(TestEvents.raw(Topics.JOB_EVENTS, tenant, "{}".getBytes(StandardCharsets.UTF_8),
                Map.of(CloudEventHeaders.TYPE, EventTypes.JOB_STATE_CHANGED)));
        WindowScenario window = windowWithOneStoppedJob(tenant, jobId);
        TestEvents.publish(window.records());

        AuditApi.as("admin", port).awaitWindow("/api/maintenance/logs/" + window.windowId() + "?tenantId=" + tenant,
                1, 0, 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var dead = SharedKafka.readAll(DLT).stream().filter(r -> tenant.equals(r.key())).toList();
            assertThat(dead).hasSize(2);
            assertThat(dead).anySatisfy(r -> {
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
                assertThat(header(r, "dlt-exception-message")).contains("not a valid");
                assertThat(header(r, "dlt-original-topic")).isEqualTo(Topics.JOB_EVENTS);
            });
            assertThat(dead).anySatisfy(r -> assertThat(header(r, "dlt-exception-message")).contains("ce_id"));
        });
    }

    @Test
    void aBatchTheDatabaseFails_isDeliveredAgain_andAppliedOnceTheDatabaseAnswers() throws Exception {
        String tenant = tenant("retried");
        WindowScenario window = windowWithOneStoppedJob(tenant, UUID.randomUUID().toString());
        double before = failures();
        try (Connection blocker = Database.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("lock table audit_journal in access exclusive mode");
            TestEvents.publish(window.records());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> failures() > before);
            blocker.rollback();
        }
        AuditApi.as("admin", port).awaitWindow("/api/maintenance/logs/" + window.windowId() + "?tenantId=" + tenant,
                1, 0, 0);
        assertThat(SharedKafka.readAll(DLT)).noneMatch(r -> tenant.equals(r.key()));
    }

    @Test
    void aBatchTheDatabaseFailsThreeTimes_goesToTheDeadLetterTopic_andTheConsumerGoesOn() throws Exception {
        String tenant = tenant("exhausted");
        WindowScenario window = windowWithOneStoppedJob(tenant, UUID.randomUUID().toString());
        try (Connection blocker = Database.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("lock table audit_journal in access exclusive mode");
            TestEvents.publish(window.records());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(SharedKafka.readAll(DLT))
                    .filteredOn(r -> tenant.equals(r.key())).hasSize(3));
            blocker.rollback();
        }
        // what comes next is applied; the dead-lettered window is restored by a replay (see ReplayTest)
        String later = tenant("after");
        WindowScenario next = windowWithOneStoppedJob(later, UUID.randomUUID().toString());
        TestEvents.publish(next.records());
        AuditApi.as("admin", port).awaitWindow("/api/maintenance/logs/" + next.windowId() + "?tenantId=" + later,
                1, 0, 0);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
