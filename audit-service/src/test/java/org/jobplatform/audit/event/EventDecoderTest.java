package org.jobplatform.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jobplatform.audit.support.TextHeaders;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.junit.jupiter.api.Test;

/** Which records can never be processed, and what an accepted one yields. */
class EventDecoderTest {

    private static final EventDecoder DECODER = new EventDecoder();
    private static final EventCodec CODEC = new EventCodec("/test");
    private static final JobStateChanged STOPPED = new JobStateChanged("job-1", "acme", "invoices", "robot-1",
            JobState.STOPPED, JobState.STOPPING, "ROBOT", "window-1", Instant.parse("2025-06-01T10:00:00Z"));

    private static RawEvent raw(Map<String, String> headers, byte[] payload) {
        return new RawEvent("jobs.events.v1", 2, 41, "acme", TextHeaders.of(headers), payload);
    }

    private static Map<String, String> headers(String type) {
        Map<String, String> headers = new HashMap<>();
        headers.put(CloudEventHeaders.ID, "event-1");
        headers.put(CloudEventHeaders.TYPE, type);
        headers.put(CloudEventHeaders.TIME, "2025-06-01T10:00:01Z");
        return headers;
    }

    @Test
    void aValidEvent_isDecoded_withItsTenantAndWindow() {
        AuditEvent event = DECODER.decode(raw(headers(EventTypes.JOB_STATE_CHANGED), CODEC.toJson(STOPPED)));
        assertThat(event.id()).isEqualTo("event-1");
        assertThat(event.data()).isEqualTo(STOPPED);
        assertThat(event.tenantId()).isEqualTo("acme");
        assertThat(event.windowId()).isEqualTo("window-1");
        assertThat(event.raw().time()).isEqualTo(Instant.parse("2025-06-01T10:00:01Z"));
    }

    @Test
    void aNulInAHeader_isAccepted_andJournaledAsAReplacementCharacter() {
        Map<String, String> headers = headers(EventTypes.JOB_STATE_CHANGED);
        headers.put("x-note", "a\u0000b");
        AuditEvent event = DECODER.decode(raw(headers, CODEC.toJson(STOPPED)));
        assertThat(event.raw().headerTexts()).containsEntry("x-note", "a\uFFFDb");
    }

    @Test
    void anEventOfATypeTheContractDoesNotKnow_isAccepted_withoutData() {
        AuditEvent event = DECODER.decode(raw(headers("org.example.something.v9"), "{}".getBytes()));
        assertThat(event.data()).isNull();
        assertThat(event.tenantId()).isNull();
    }

    @Test
    void recordsThatCanNeverBeProcessed_areUndecodable_withTheReason() {
        Map<String, String> noId = headers(EventTypes.JOB_STATE_CHANGED);
        noId.remove(CloudEventHeaders.ID);
        assertUndecodable(raw(noId, CODEC.toJson(STOPPED)), "ce_id");
        Map<String, String> noType = headers(EventTypes.JOB_STATE_CHANGED);
        noType.remove(CloudEventHeaders.TYPE);
        assertUndecodable(raw(noType, CODEC.toJson(STOPPED)), "ce_type");
        assertUndecodable(raw(headers(EventTypes.JOB_STATE_CHANGED), "{broken".getBytes()), "not a valid");
        assertUndecodable(raw(headers(EventTypes.JOB_STATE_CHANGED), null), "without data");
        assertUndecodable(raw(headers(EventTypes.JOB_STATE_CHANGED), CODEC.toJson(new JobStateChanged(null, "acme",
                "p", null, JobState.STOPPED, null, "ROBOT", null, Instant.now()))), "without jobId");
        assertUndecodable(raw(headers(EventTypes.JOB_STATE_CHANGED), CODEC.toJson(new JobStateChanged("j", "acme",
                "p\u0000x", null, JobState.STOPPED, null, "ROBOT", null, Instant.now()))), "NUL");
        assertUndecodable(raw(headers(EventTypes.JOB_STATE_CHANGED),
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"STOPPED\",\"at\":\"+300000-01-01T00:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8)), "outside the years");
        assertUndecodable(raw(headers(EventTypes.PHASE_CHANGED),
                "{\"scope\":\"somewhere\",\"phase\":\"DRAINING\",\"epoch\":1}".getBytes(StandardCharsets.UTF_8)),
                "invalid scope");
    }

    private static void assertUndecodable(RawEvent raw, String reason) {
        assertThatThrownBy(() -> DECODER.decode(raw)).isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining(reason);
    }
}
