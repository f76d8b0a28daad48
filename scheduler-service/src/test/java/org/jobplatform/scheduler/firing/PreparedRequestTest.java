package org.jobplatform.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.Topics;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.ExecutionEvents;
import org.jobplatform.scheduler.triggers.MisfirePolicy;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.TriggerType;
import org.jobplatform.starter.messaging.EventCodec;
import org.junit.jupiter.api.Test;

/**
 * A job request encoded while preparing gives, for any decision time, the bytes the outbox path would publish: the
 * same JSON as {@link ExecutionEvents#requested}, and the CloudEvent headers, even when the input arguments hold the
 * text of the placeholder.
 */
class PreparedRequestTest {

    private static final EventCodec CODEC = new EventCodec("/scheduler-service");
    private static final Instant DUE = Instant.parse("2026-11-24T05:00:00Z");

    private static Trigger trigger(String inputArguments, boolean exempt) {
        return new Trigger(UUID.randomUUID().toString(), "acme", "nightly", "invoices", "robot-7", inputArguments,
                TriggerType.CRON, "0 * * * * *", null, null, "UTC", MisfirePolicy.SKIP, exempt, true, DUE, DUE, null);
    }

    private static Execution planned(Trigger t) {
        return new Execution(UUID.randomUUID().toString(), t.id(), t.tenantId(), DUE, ExecutionOutcome.FIRED,
                UUID.randomUUID().toString(), null, null, DUE.minusSeconds(10));
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void theRecordForADecisionTime_isWhatTheOutboxPathWouldSend_evenWithThePlaceholderInTheArguments() {
        String tricky = "{\"requestedAt\":\"1970-01-01T00:00:00Z\",\"note\":\"1970-01-01T00:00:00Z\"}";
        for (Trigger t : new Trigger[] {trigger(null, false), trigger(tricky, true)}) {
            Execution e = planned(t);
            PreparedRequest prepared = new PreparedRequest.Encoder(CODEC).encode(t, e);
            for (Instant decided : new Instant[] {DUE.plusMillis(3), DUE.plusNanos(123_456_789), DUE}) {
                ProducerRecord<String, byte[]> record = prepared.record(CODEC.toJson(decided),
                        PreparedRequest.timeHeader(decided));
                byte[] expected = CODEC.toJson(ExecutionEvents.requested(t, e, decided).event());
                assertThat(new String(record.value(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
                JobRequested decoded = CODEC.decode(record.value(), JobRequested.class);
                assertThat(decoded.requestedAt()).isEqualTo(decided);
                assertThat(decoded.inputArguments()).isEqualTo(t.inputArguments());
                assertThat(record.topic()).isEqualTo(Topics.SCHEDULER_JOB_REQUESTS);
                assertThat(record.key()).isEqualTo("acme");
                assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(e.requestId());
                assertThat(header(record, CloudEventHeaders.TIME)).isEqualTo(decided.toString());
                assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/scheduler-service");
                assertThat(header(record, CloudEventHeaders.ID)).isNotBlank();
                assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.JOB_REQUESTED);
                assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo(CloudEventHeaders.SPEC_VERSION_VALUE);
                assertThat(record.headers().toArray()).hasSize(7);
            }
        }
    }
}
