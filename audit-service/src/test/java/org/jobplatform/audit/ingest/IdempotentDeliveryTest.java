package org.jobplatform.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.audit.support.AuditApi;
import org.jobplatform.audit.support.AuditServiceTest;
import org.jobplatform.audit.support.Lag;
import org.jobplatform.audit.support.TestEvents;
import org.jobplatform.audit.support.WindowScenario;
import org.jobplatform.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;

/**
 * The logs are the merge of their facts: every event delivered twice (the same CloudEvent, or the same fact published
 * again under a new id), or the events of a window delivered in another order within and across topics, give the
 * same logs.
 */
@AuditServiceTest
class IdempotentDeliveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    LagMonitor lag;

    /** The same window content, with ids of its own. */
    private static WindowScenario window(String prefix, Instant start) {
        Instant due = start.plusSeconds(40);
        return WindowScenario.host("idempotence", start)
                .stoppedJob("acme", prefix + "-job-1", "invoices", "robot-1")
                .stoppedJob("acme", prefix + "-job-2", "invoices", "robot-2")
                .killedPendingJob("acme", prefix + "-job-3", "payroll")
                .killedRunningJob("globex", prefix + "-job-4", "billing", "robot-3")
                .userStoppedJob("globex", prefix + "-job-5", "billing", "robot-4")
                .skippedExecution("acme", prefix + "-trigger-1", "nightly", due)
                .refusedThenSkipped("acme", prefix + "-trigger-2", "hourly", start)
                .refusedRequest("globex", prefix + "-trigger-3", due)
                .drainProgress("globex");
    }

    private String log(AuditApi api, WindowScenario window, String prefix) {
        Map<String, Object> log = api.window("/api/maintenance/logs/" + window.windowId());
        return JSON.writeValueAsString(log).replace(window.windowId(), "WINDOW").replace(prefix, "PREFIX");
    }

    @Test
    void everyEventDeliveredTwice_orPublishedAgainUnderANewId_changesNoLog() {
        String prefix = "twice-" + UUID.randomUUID().toString().substring(0, 8);
        WindowScenario window = window(prefix, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        TestEvents.publish(window.records());
        AuditApi acme = AuditApi.as("acme", port);
        AuditApi globex = AuditApi.as("globex", port);
        acme.awaitWindow("/api/maintenance/logs/" + window.windowId(), 2, 1, 2);
        globex.awaitWindow("/api/maintenance/logs/" + window.windowId(), 0, 1, 1);
        Lag.awaitNone(lag);
        String acmeOnce = log(acme, window, prefix);
        String globexOnce = log(globex, window, prefix);

        List<ProducerRecord<String, byte[]>> again = new ArrayList<>(window.records());
        window.records().forEach(r -> again.add(TestEvents.republished(r)));
        TestEvents.publish(again);
        Lag.awaitNone(lag);

        assertThat(log(acme, window, prefix)).isEqualTo(acmeOnce);
        assertThat(log(globex, window, prefix)).isEqualTo(globexOnce);
    }

    @Test
    void aWindowsEventsInReverseOrder_withinAndAcrossTopics_giveTheSameLogsAsInOrder() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String inOrderPrefix = "ordered-" + UUID.randomUUID().toString().substring(0, 8);
        String reversedPrefix = "reversed-" + UUID.randomUUID().toString().substring(0, 8);
        WindowScenario inOrder = window(inOrderPrefix, start);
        WindowScenario reversed = window(reversedPrefix, start);
        TestEvents.publish(inOrder.records());
        List<ProducerRecord<String, byte[]>> backwards = new ArrayList<>(reversed.records());
        Collections.reverse(backwards);
        // the scheduler's events first, the phase changes last
        List<String> topicOrder = List.of(Topics.SCHEDULER_EXECUTIONS, Topics.JOB_EVENTS, Topics.PHASE_CHANGES);
        backwards.sort(Comparator.comparingInt(r -> topicOrder.indexOf(r.topic())));
        TestEvents.publish(backwards);

        AuditApi acme = AuditApi.as("acme", port);
        AuditApi globex = AuditApi.as("globex", port);
        acme.awaitWindow("/api/maintenance/logs/" + inOrder.windowId(), 2, 1, 2);
        acme.awaitWindow("/api/maintenance/logs/" + reversed.windowId(), 2, 1, 2);
        globex.awaitWindow("/api/maintenance/logs/" + reversed.windowId(), 0, 1, 1);
        Lag.awaitNone(lag);

        assertThat(log(acme, reversed, reversedPrefix)).isEqualTo(log(acme, inOrder, inOrderPrefix));
        assertThat(log(globex, reversed, reversedPrefix)).isEqualTo(log(globex, inOrder, inOrderPrefix));
    }
}
