package org.jobplatform.audit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jobplatform.audit.event.EventDecoder;
import org.jobplatform.audit.event.RawEvent;
import org.jobplatform.audit.projection.FactBatch;
import org.jobplatform.audit.projection.Projector;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.junit.jupiter.api.Test;

/**
 * The replay's decoder yields, for every record, exactly the facts the live consumers' decoder and projector yield
 * (or refuses it as they do), and reads the events the services write without them.
 */
class ReplayDecoderTest {

    private static final EventCodec CODEC = new EventCodec("/test");
    private static final EventDecoder FULL = new EventDecoder();
    private static final Instant AT = Instant.parse("2025-06-01T10:00:00.123456Z");

    private static final List<Object> WRITTEN = List.of(
            new JobStateChanged("job-1", "acme", "invoices", "robot-1", JobState.STOPPED, JobState.STOPPING, "ROBOT",
                    "window-1", AT),
            new JobStateChanged("job-2", "acme", "invoices", null, JobState.KILLED, JobState.PENDING, "MAINTENANCE",
                    "window-1", AT.plusSeconds(1)),
            new JobStateChanged("job-3", "acme", "invoices", "robot-1", JobState.STOPPED, JobState.STOPPING, "USER",
                    "window-1", AT),
            new JobStateChanged("job-4", "beta", "payroll", "robot-2", JobState.RUNNING, JobState.PENDING, "ROBOT",
                    null, AT),
            new JobStateChanged("job-5", "beta", null, null, JobState.PENDING, null, null, null,
                    Instant.parse("2025-01-01T00:00:00Z")),
            new TriggerExecutionRecorded("t-1@x", "t-1", "nightly", "acme", "invoices", AT, ExecutionOutcome.SKIPPED,
                    null, "window-1", AT.plusMillis(40)),
            new TriggerExecutionRecorded("t-1@y", "t-1", null, "acme", null, AT, ExecutionOutcome.RUN_AFTER_MAINTENANCE,
                    "job-9", "window-1", AT.plusSeconds(7200)),
            new TriggerExecutionRecorded("t-2@x", "t-2", "hourly", "beta", "payroll", AT, ExecutionOutcome.FIRED,
                    "job-8", null, AT),
            new JobRequestRefused("r-1", "t-3", "acme", "invoices", AT, Phase.DRAINING, "window-1", AT.plusMillis(20)),
            new JobRequestRefused("r-2", "t-3", "acme", null, AT, null, null, AT),
            new JobRequestAccepted("r-3", "t-4", "beta", "job-7", AT, AT.plusSeconds(1)),
            new JobRequestAccepted(null, null, "beta", null, null, null),
            new DrainProgressReported("acme", "window-1", 12, 3, 40, AT),
            new DrainProgressReported("acme", null, 0, 0, 0, null));

    private static Headers headers(String type, String id) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE.getBytes());
        if (id != null) {
            headers.add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        }
        if (type != null) {
            headers.add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(CloudEventHeaders.TIME, AT.toString().getBytes());
        return headers;
    }

    /** The value as Kafka hands it to a deserializer: a slice of a larger fetched buffer. */
    private static ByteBuffer fetched(byte[] json) {
        byte[] buffer = new byte[json.length + 20];
        System.arraycopy(json, 0, buffer, 7, json.length);
        return ByteBuffer.wrap(buffer, 7, json.length).slice();
    }

    /** The facts of the live consumers' decoder and projector, or {@code null} for a record they dead-letter. */
    private static List<Object> full(String type, String id, byte[] json) {
        try {
            FactBatch batch = new FactBatch();
            Projector.project(FULL.decode(new RawEvent("jobs.events.v1", 0, 0, null, headers(type, id), json)),
                    batch);
            return facts(batch);
        } catch (UndecodableEventException e) {
            return null;
        }
    }

    private static List<Object> replay(ReplayDecoder decoder, String type, String id, byte[] json) {
        RecordFacts read = decoder.deserialize("jobs.events.v1", headers(type, id), json == null ? null
                : fetched(json));
        if (read.undecodable()) {
            return null;
        }
        FactBatch batch = new FactBatch();
        read.addTo(batch);
        return facts(batch);
    }

    private static List<Object> facts(FactBatch batch) {
        List<Object> facts = new ArrayList<>();
        facts.add(batch.events());
        facts.addAll(batch.tenants());
        facts.addAll(batch.phases());
        facts.addAll(batch.windows());
        facts.addAll(batch.jobs());
        facts.addAll(batch.skips());
        return facts;
    }

    private static void sameAsFull(ReplayDecoder decoder, String type, String id, byte[] json) {
        assertThat(replay(decoder, type, id, json))
                .as("%s %s", type, json == null ? null : new String(json, StandardCharsets.UTF_8))
                .isEqualTo(full(type, id, json));
    }

    @Test
    void theEventsTheServicesWrite_areReadWithoutTheFullDecoder_intoTheSameFacts() {
        ReplayDecoder decoder = new ReplayDecoder(FULL);
        for (Object event : WRITTEN) {
            String type = EventTypes.of(event.getClass());
            byte[] json = CODEC.toJson(event);
            assertThat(decoder.plain(headers(type, "event-1"), fetched(json))).as(type).isNotNull();
            sameAsFull(decoder, type, "event-1", json);
        }
        assertThat(full(EventTypes.JOB_STATE_CHANGED, "event-1", CODEC.toJson(WRITTEN.get(0)))).hasSize(3);
    }

    @Test
    void instantsInEveryPrecision_andAtTheEdgesOfTheCalendar_areReadAsTheFullDecoderReadsThem() {
        ReplayDecoder decoder = new ReplayDecoder(FULL);
        List<String> times = new ArrayList<>(List.of("2025-06-01T10:00:00Z", "2024-02-29T23:59:59.9Z",
                "2023-02-29T10:00:00Z", "2025-04-31T10:00:00Z", "2025-13-01T10:00:00Z", "2025-06-01T24:00:00Z",
                "2025-06-01T10:60:00Z", "2025-06-01T10:00:60Z", "0000-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.000000001Z", "+10000-01-01T00:00:00Z",
                "2025-06-01T10:00:00.Z", "2025-06-01T10:00:00.1234567890Z", "2025-06-01T10:00:00+01:00",
                "2025-06-01 10:00:00Z", "2025-06-01T10:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z"));
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            long seconds = random.nextLong(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            String whole = Instant.ofEpochSecond(seconds).toString();
            int places = random.nextInt(10);
            String fraction = places == 0 ? "" : "." + String.format("%09d", random.nextInt(1_000_000_000))
                    .substring(0, places);
            times.add(whole.substring(0, whole.length() - 1) + fraction + "Z");
        }
        for (String time : times) {
            String job = "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\",\"at\":\""
                    + time + "\"}";
            sameAsFull(decoder, EventTypes.JOB_STATE_CHANGED, "e", job.getBytes(StandardCharsets.UTF_8));
            String accepted = "{\"tenantId\":\"acme\",\"scheduledAt\":\"" + time + "\"}";
            sameAsFull(decoder, EventTypes.JOB_REQUEST_ACCEPTED, "e", accepted.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void whatThePlainReadingDoesNotTake_goesToTheFullDecoder_withTheSameOutcome() {
        ReplayDecoder decoder = new ReplayDecoder(FULL);
        String job = EventTypes.JOB_STATE_CHANGED;
        List<String> variants = List.of(
                "{\"jobId\":\"j\\u0000\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\\\"q\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"  \",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\" \","
                        + "\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"\",\"state\":\"KILLED\",\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"state\":\"KILLED\",\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"killed\",\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"previousState\":\"ASLEEP\","
                        + "\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":42,\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\",\"at\":1748772000}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\",\"future\":{\"a\":[1,2]}}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\",\"extra\":\"x\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\",\"windowId\":\"v\","
                        + "\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\",}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\"} trailing",
                " \n{ \"jobId\" : \"j\" ,\t\"tenantId\":\"acme\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\"}\r\n",
                "{\"jobId\":\"jé\",\"tenantId\":\"acmé\",\"state\":\"KILLED\",\"windowId\":\"w\","
                        + "\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"reason\":true,"
                        + "\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":null,\"at\":\"2025-06-01T10:00:00Z\"}",
                "{\"jobId\":\"j\",\"tenantId\":\"acme\",\"state\":\"KILLED\",\"at\":null}",
                "{}", "[]", "{", "", "{\"jobId\":\"j\"", "null", "{\"jobId\":nul}");
        for (String variant : variants) {
            sameAsFull(decoder, job, "e", variant.getBytes(StandardCharsets.UTF_8));
        }
        String drain = EventTypes.DRAIN_PROGRESS_REPORTED;
        for (String count : List.of("0", "-0", "7", "01", "1.5", "1e3", "\"7\"", "null", "-",
                "123456789012345678", "1234567890123456789", "99999999999999999999")) {
            sameAsFull(decoder, drain, "e", ("{\"tenantId\":\"acme\",\"runningJobs\":" + count + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] stopped = CODEC.toJson(WRITTEN.get(0));
        sameAsFull(decoder, job, null, stopped);
        sameAsFull(decoder, job, " ", stopped);
        sameAsFull(decoder, job, "x".repeat(501), stopped);
        sameAsFull(decoder, job, "ïd", stopped);
        sameAsFull(decoder, null, "e", stopped);
        sameAsFull(decoder, "org.example.something.v9", "e", stopped);
        sameAsFull(decoder, job, "e", null);
        sameAsFull(decoder, EventTypes.PHASE_CHANGED, "e", CODEC.toJson(new MaintenancePhaseChanged("host", null,
                Phase.DRAINING, Phase.NONE, 7, "w", AT, "admin", "why", false, false, DrainStrategy.STOP, null,
                false, AT)));
    }

    @Test
    void recordsWithRandomDamage_getTheFullDecodersOutcome() {
        ReplayDecoder decoder = new ReplayDecoder(FULL);
        Random random = new Random(11);
        byte[] damage = " \t\"\\:,{}[]0123456789-.eEnultrZT:aé\u0000".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            Object event = WRITTEN.get(random.nextInt(WRITTEN.size()));
            byte[] json = CODEC.toJson(event);
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(json.length);
                byte b = damage[random.nextInt(damage.length)];
                json = switch (random.nextInt(3)) {
                    case 0 -> replace(json, at, b);
                    case 1 -> insert(json, at, b);
                    default -> delete(json, at);
                };
            }
            sameAsFull(decoder, EventTypes.of(event.getClass()), "e", json);
        }
    }

    private static byte[] replace(byte[] json, int at, byte b) {
        byte[] changed = json.clone();
        changed[at] = b;
        return changed;
    }

    private static byte[] insert(byte[] json, int at, byte b) {
        byte[] changed = new byte[json.length + 1];
        System.arraycopy(json, 0, changed, 0, at);
        changed[at] = b;
        System.arraycopy(json, at, changed, at + 1, json.length - at);
        return changed;
    }

    private static byte[] delete(byte[] json, int at) {
        byte[] changed = new byte[json.length - 1];
        System.arraycopy(json, 0, changed, 0, at);
        System.arraycopy(json, at + 1, changed, at, json.length - at - 1);
        return changed;
    }
}
