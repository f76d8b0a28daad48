package org.jobplatform.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.JobsRequested;
import org.jobplatform.contracts.Topics;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.executions.ExecutionEvents;
import org.jobplatform.scheduler.triggers.MisfirePolicy;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.TriggerType;
import org.jobplatform.starter.messaging.EventCodec;
import org.junit.jupiter.api.Test;

/**
 * Job requests encoded while preparing and put together at the decision give, for any decision time, the records
 * the codec would write for a {@link JobsRequested} of the same requests (each the JSON of
 * {@link ExecutionEvents#requested}), even when the input arguments hold the text of the placeholder; a record holds
 * one tenant's requests and stays within {@link RequestBatch#MAX_BYTES}.
 */
class RequestBatchTest {

    private static final EventCodec CODEC = new EventCodec("/scheduler-service");
    private static final Instant DUE = Instant.parse("2026-11-24T05:00:00Z");
    private static final PreparedRequest.Encoder ENCODER = new PreparedRequest.Encoder(CODEC);

    private record Planned(Trigger trigger, Execution execution) {

        PreparedRequest prepared() {
            return ENCODER.encode(trigger, execution);
        }

        JobRequested requested(Instant decided) {
            return (JobRequested) ExecutionEvents.requested(trigger, execution, decided).event();
        }
    }

    private static Planned planned(String tenant, String inputArguments, boolean exempt) {
        Trigger t = new Trigger(UUID.randomUUID().toString(), tenant, "nightly", "invoices", "robot-7", inputArguments,
                TriggerType.CRON, "0 * * * * *", null, null, "UTC", MisfirePolicy.SKIP, exempt, true, DUE, DUE, null);
        return new Planned(t, new Execution(UUID.randomUUID().toString(), t.id(), t.tenantId(), DUE,
                ExecutionOutcome.FIRED, UUID.randomUUID().toString(), null, null, DUE.minusSeconds(10)));
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The records of these requests, decided at {@code decided}, in the order given. */
    private static List<ProducerRecord<String, byte[]>> batched(List<Planned> requests, Instant decided) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        RequestBatch batch = new RequestBatch(CODEC.source(), decided, CODEC.toJson(decided), records::add);
        requests.forEach(p -> batch.add(p.prepared()));
        batch.flush();
        assertThat(batch.records()).isEqualTo(records.size());
        return records;
    }

    private static List<JobRequested> decoded(ProducerRecord<String, byte[]> record) {
        return CODEC.decode(record.value(), JobsRequested.class).requests();
    }

    @Test
    void aRecordsJson_isWhatTheCodecWritesForTheRequests_evenWithThePlaceholderInTheArguments() {
        String tricky = "{\"requestedAt\":\"1970-01-01T00:00:00Z\",\"note\":\"1970-01-01T00:00:00Z\"}";
        List<Planned> requests = List.of(planned("acme", null, false), planned("acme", tricky, true));
        for (Instant decided : new Instant[] {DUE.plusMillis(3), DUE.plusNanos(123_456_789), DUE}) {
            ProducerRecord<String, byte[]> record = batched(requests, decided).get(0);
            assertThat(batched(requests, decided)).hasSize(1);
            JobsRequested expected = new JobsRequested(requests.stream().map(p -> p.requested(decided)).toList());
            assertThat(new String(record.value(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(CODEC.toJson(expected), StandardCharsets.UTF_8));
            assertThat(decoded(record)).isEqualTo(expected.requests());
            assertThat(decoded(record)).allSatisfy(r -> assertThat(r.requestedAt()).isEqualTo(decided));
            assertThat(decoded(record).get(1).inputArguments()).isEqualTo(tricky);
            assertThat(record.topic()).isEqualTo(Topics.SCHEDULER_JOB_REQUESTS);
            assertThat(record.key()).isEqualTo("acme");
            assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo("acme");
            assertThat(header(record, CloudEventHeaders.TIME)).isEqualTo(decided.toString());
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/scheduler-service");
            assertThat(header(record, CloudEventHeaders.ID)).isNotBlank();
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.JOBS_REQUESTED);
            assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo(CloudEventHeaders.SPEC_VERSION_VALUE);
            assertThat(record.headers().toArray()).hasSize(7);
        }
    }

    @Test
    void eachRunOfOneTenantsRequests_isARecordOfItsOwn_withAnIdOfItsOwn() {
        List<Planned> requests = List.of(planned("acme", null, false), planned("acme", null, false),
                planned("acme", null, false), planned("globex", null, false), planned("globex", null, false),
                planned("acme", null, false));
        List<ProducerRecord<String, byte[]>> records = batched(requests, DUE);

        assertThat(records).extracting(ProducerRecord::key).containsExactly("acme", "globex", "acme");
        assertThat(records).extracting(r -> decoded(r).size()).containsExactly(3, 2, 1);
        assertThat(records.stream().flatMap(r -> decoded(r).stream()).map(JobRequested::requestId))
                .containsExactlyElementsOf(requests.stream().map(p -> p.execution().requestId()).toList());
        assertThat(records).extracting(r -> header(r, CloudEventHeaders.ID)).doesNotHaveDuplicates();
        assertThat(batched(List.of(), DUE)).isEmpty();
    }

    @Test
    void aFullRecordIsSentBeforeItWouldGrowPastTheLimit_andALargerRequestGoesAlone() {
        String tenKilobytes = "{\"data\":\"" + "x".repeat(10 * 1024) + "\"}";
        List<Planned> requests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            requests.add(planned("acme", tenKilobytes, false));
        }
        Planned huge = planned("acme", "{\"data\":\"" + "y".repeat(RequestBatch.MAX_BYTES) + "\"}", false);
        requests.add(30, huge);
        List<ProducerRecord<String, byte[]>> records = batched(requests, DUE);

        assertThat(records).hasSizeGreaterThanOrEqualTo(4);
        assertThat(records).filteredOn(r -> r.value().length > RequestBatch.MAX_BYTES).singleElement()
                .satisfies(r -> assertThat(decoded(r)).extracting(JobRequested::requestId)
                        .containsExactly(huge.execution().requestId()));
        assertThat(records.stream().flatMap(r -> decoded(r).stream()).map(JobRequested::requestId))
                .containsExactlyElementsOf(requests.stream().map(p -> p.execution().requestId()).toList());
    }
}
