package org.jobplatform.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.starter.messaging.EventCodec;
import org.junit.jupiter.api.Test;

/** The field-by-field reader reads exactly what the services' object mapper writes and reads, for every record. */
class ContractJsonTest {

    private static final EventCodec CODEC = new EventCodec("/test");
    private static final Instant AT = Instant.parse("2025-06-01T10:00:00.123456Z");

    private static <T> void roundTrips(List<T> records, Function<byte[], T> reader, Class<T> type) {
        for (T record : records) {
            byte[] json = CODEC.toJson(record);
            assertThat(reader.apply(json)).isEqualTo(record).isEqualTo(CODEC.decode(json, type));
        }
    }

    @Test
    void everyRecordTheAuditReads_isReadAsTheObjectMapperReadsIt_withEveryFieldSetOrNull() {
        roundTrips(List.of(
                new MaintenancePhaseChanged("host", null, Phase.DRAINING, Phase.NONE, 7, "w", AT, "admin", "why",
                        true, true, DrainStrategy.FINISH, "PT5M", true, AT.plusSeconds(1)),
                new MaintenancePhaseChanged("tenant:acme", "acme", Phase.NONE, null, 0, null, null, null, null, false,
                        false, null, null, false, null)), ContractJson::phaseChanged, MaintenancePhaseChanged.class);
        roundTrips(List.of(
                new JobStateChanged("j", "acme", "p", "r", JobState.STOPPED, JobState.STOPPING, "ROBOT", "w", AT),
                new JobStateChanged("j", "acme", null, null, JobState.PENDING, null, null, null, null)),
                ContractJson::jobStateChanged, JobStateChanged.class);
        roundTrips(List.of(
                new TriggerExecutionRecorded("x", "t", "n", "acme", "p", AT, ExecutionOutcome.BACKFILLED, "j", "w",
                        AT.plusSeconds(9)),
                new TriggerExecutionRecorded("x", "t", null, "acme", null, AT, ExecutionOutcome.FIRED, null, null,
                        AT)), ContractJson::executionRecorded, TriggerExecutionRecorded.class);
        roundTrips(List.of(new JobRequestRefused("r", "t", "acme", "p", AT, Phase.SUSPENDED, "w", AT),
                new JobRequestRefused(null, null, null, null, null, null, null, null)),
                ContractJson::requestRefused, JobRequestRefused.class);
        roundTrips(List.of(new JobRequestAccepted("r", "t", "acme", "j", AT, AT),
                new JobRequestAccepted(null, null, null, null, null, null)), ContractJson::requestAccepted,
                JobRequestAccepted.class);
        roundTrips(List.of(new DrainProgressReported("acme", "w", 3, 2, 1, AT),
                new DrainProgressReported("acme", null, 0, 0, 0, null)), ContractJson::drainProgress,
                DrainProgressReported.class);
    }

    @Test
    void unknownFieldsAreSkipped_andScalarsAreReadAsText_asTheObjectMapperDoes() {
        String json = "{\"jobId\":42,\"future\":{\"nested\":[1,{\"a\":2}]},\"tenantId\":\"acme\",\"state\":\"KILLED\","
                + "\"at\":\"2025-06-01T10:00:00Z\",\"extra\":[true]}";
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        assertThat(ContractJson.jobStateChanged(data)).isEqualTo(CODEC.decode(data, JobStateChanged.class))
                .isEqualTo(new JobStateChanged("42", "acme", null, null, JobState.KILLED, null, null, null,
                        Instant.parse("2025-06-01T10:00:00Z")));
    }

    @Test
    void whatTheObjectMapperRefuses_isRefused() {
        assertThatThrownBy(() -> ContractJson.jobStateChanged("[1]".getBytes())).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ContractJson.jobStateChanged("{broken".getBytes()))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ContractJson.jobStateChanged("{\"state\":\"ASLEEP\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractJson.jobStateChanged("{\"jobId\":{\"a\":1}}".getBytes()))
                .hasMessageContaining("expected text at jobId");
        assertThatThrownBy(() -> ContractJson.jobStateChanged("{\"at\":\"yesterday\"}".getBytes()))
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void instantsInEveryFormTheServicesWrite_equalInstantParse_andOthersFallBackToIt() {
        for (String text : List.of("2025-06-01T10:00:00Z", "2025-06-01T10:00:00.1Z", "2025-06-01T10:00:00.123Z",
                "2025-06-01T10:00:00.123456Z", "2025-06-01T10:00:00.123456789Z", "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2025-06-01T10:00:00+02:00",
                "+10000-01-01T00:00:00Z", "2025-06-01T24:00:00Z", "2025-06-01T10:00:00.Z")) {
            assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : List.of("2025-02-29T10:00:00Z", "2025-13-01T10:00:00Z", "2025-06-01 10:00:00Z",
                "2025-06-0xT10:00:00Z")) {
            assertThatThrownBy(() -> Instants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
