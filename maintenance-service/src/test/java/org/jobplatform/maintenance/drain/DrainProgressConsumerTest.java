package org.jobplatform.maintenance.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.maintenance.support.MaintenanceServiceTest;
import org.jobplatform.maintenance.support.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Drain progress from {@code jobs.events.v1}: stored idempotently, poison messages dead-lettered. */
@MaintenanceServiceTest
class DrainProgressConsumerTest {

    @Autowired
    DrainProgressStore store;

    private long running(String tenant) {
        return store.progress(Scope.tenant(tenant)).block().runningJobs();
    }

    @Test
    void aPoisonMessage_landsOnTheDeadLetterTopic_andThePartitionGoesOn() {
        String tenant = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        TopicProbe.publishRaw(Topics.JOB_EVENTS, tenant, "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of(CloudEventHeaders.TYPE, EventTypes.DRAIN_PROGRESS_REPORTED, CloudEventHeaders.ID, "bad-1"));
        TopicProbe.publish(Topics.JOB_EVENTS, tenant, new DrainProgressReported(tenant, null, 5, 1, 2, Instant.now()));
        String dlt = Topics.deadLetter(Topics.JOB_EVENTS, "maintenance-service");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(TopicProbe.readAll(dlt)).anySatisfy(r -> {
                assertThat(r.key()).isEqualTo(tenant);
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            });
            assertThat(running(tenant)).isEqualTo(5);
        });
    }

    @Test
    void aReportDeliveredTwice_orAnOlderOneArrivingLate_changesNothing() {
        String tenant = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t1 = Instant.now();
        DrainProgressReported newer = new DrainProgressReported(tenant, "w", 4, 0, 0, t1.plusSeconds(1));
        DrainProgressReported older = new DrainProgressReported(tenant, "w", 9, 0, 0, t1);
        assertThat(store.record(newer).block()).isTrue();
        assertThat(store.record(newer).block()).isFalse();
        assertThat(store.record(older).block()).isFalse();
        assertThat(running(tenant)).isEqualTo(4);
    }
}
