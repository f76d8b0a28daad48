package org.jobplatform.benchmarks.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.Topics;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class EventMixTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<ProducerRecord<String, byte[]>> generate(int events, int windows) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        EventMix.Counts counts = new EventMix(new ReplayOptions(events, windows)).generate(records::add);
        assertThat(counts.total()).isEqualTo(records.size());
        return records;
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void producesExactlyTheEventsAskedFor_inTheThreeTopics() {
        List<ProducerRecord<String, byte[]>> records = generate(10_007, 10);
        assertThat(records).hasSize(10_007);
        assertThat(records).extracting(ProducerRecord::topic).containsOnly(Topics.PHASE_CHANGES, Topics.JOB_EVENTS,
                Topics.SCHEDULER_EXECUTIONS);
        assertThat(records).filteredOn(r -> r.topic().equals(Topics.PHASE_CHANGES)).hasSize(30);
        assertThat(records).allSatisfy(r -> {
            assertThat(EventTypes.recordFor(header(r, CloudEventHeaders.TYPE))).isPresent();
            assertThat(header(r, CloudEventHeaders.ID)).hasSize(36);
        });
        assertThat(records.stream().map(r -> header(r, CloudEventHeaders.ID)).distinct()).hasSize(10_007);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachWindowOpens_isSuspended_andEnds_atConsecutiveEpochsOfItsScope() {
        List<Map<String, Object>> phases = generate(2_000, 8).stream()
                .filter(r -> r.topic().equals(Topics.PHASE_CHANGES)).map(r -> (Map<String, Object>) JSON
                        .readValue(r.value(), Map.class)).toList();
        assertThat(phases).extracting(p -> p.get("phase")).containsExactly("DRAINING", "SUSPENDED", "NONE",
                "DRAINING", "SUSPENDED", "NONE", "DRAINING", "SUSPENDED", "NONE", "DRAINING", "SUSPENDED", "NONE",
                "DRAINING", "SUSPENDED", "NONE", "DRAINING", "SUSPENDED", "NONE", "DRAINING", "SUSPENDED", "NONE",
                "DRAINING", "SUSPENDED", "NONE");
        assertThat(phases.get(0)).containsEntry("scope", "host").containsEntry("epoch", 1);
        assertThat(phases.get(2)).containsEntry("epoch", 3).containsEntry("windowId", null);
        assertThat(phases.get(3)).containsEntry("scope", "tenant:tenant-01");
        assertThat(phases.get(12)).containsEntry("scope", "host").containsEntry("epoch", 4);
    }

    @Test
    void theSameOptions_giveTheSameEvents() {
        List<ProducerRecord<String, byte[]>> a = generate(2_000, 10);
        List<ProducerRecord<String, byte[]>> b = generate(2_000, 10);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
        }
    }
}
