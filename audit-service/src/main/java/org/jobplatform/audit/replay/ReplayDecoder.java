package org.jobplatform.audit.replay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jobplatform.audit.event.EventDecoder;
import org.jobplatform.audit.event.RawEvent;
import org.jobplatform.audit.projection.FactBatch;
import org.jobplatform.audit.projection.JobEndFact;
import org.jobplatform.audit.projection.Projector;
import org.jobplatform.audit.projection.SkipFact;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.Phase;
import org.jobplatform.starter.messaging.UndecodableEventException;

/**
 * Turns each record a replay reads into the facts it adds ({@link RecordFacts}) while the consumer parses the fetched
 * records, from the fetched bytes: the record's value is never copied, and what a poll hands over is a few small
 * objects instead of the records' data, so that little lives across a garbage collection.
 *
 * <p>The events that make up nearly all of the topics (job state changes, trigger executions, accepted and refused
 * requests, drain progress) in the form the services write them ({@link FlatJson}) are read here, field by field,
 * checked as {@link EventDecoder} checks them and projected as {@link Projector} projects them. Anything else (a
 * phase change, a type the contract does not know, a text with an escape or a blank one, an instant in another form,
 * a missing required field, anything the full decoder would refuse) goes through {@link EventDecoder} and
 * {@link Projector} themselves, so that both ways give the same facts ({@code ReplayDecoderTest}). A record that can
 * never be processed is {@link RecordFacts#UNDECODABLE}. Not thread-safe: one per consumer.
 */
final class ReplayDecoder implements Deserializer<RecordFacts> {

    private static final int MAX_ID_LENGTH = 500;
    /** Known tenants with a shared "tenant only" result each, up to this many. */
    private static final int MAX_TENANTS = 10_000;

    private static final byte[] JOB_STATE_CHANGED = ascii(EventTypes.JOB_STATE_CHANGED);
    private static final byte[] TRIGGER_EXECUTION_RECORDED = ascii(EventTypes.TRIGGER_EXECUTION_RECORDED);
    private static final byte[] JOB_REQUEST_REFUSED = ascii(EventTypes.JOB_REQUEST_REFUSED);
    private static final byte[] JOB_REQUEST_ACCEPTED = ascii(EventTypes.JOB_REQUEST_ACCEPTED);
    private static final byte[] DRAIN_PROGRESS_REPORTED = ascii(EventTypes.DRAIN_PROGRESS_REPORTED);
    private static final byte[] BY_USER = ascii(Projector.BY_USER);

    private static final JobState[] JOB_STATES = JobState.values();
    private static final byte[][] JOB_STATE_NAMES = names(JOB_STATES);
    private static final ExecutionOutcome[] OUTCOMES = ExecutionOutcome.values();
    private static final byte[][] OUTCOME_NAMES = names(OUTCOMES);
    private static final byte[][] PHASE_NAMES = names(Phase.values());

    // JobStateChanged
    private static final int J_JOB = 0;
    private static final int J_TENANT = 1;
    private static final int J_PROCESS = 2;
    private static final int J_ROBOT = 3;
    private static final int J_STATE = 4;
    private static final int J_PREVIOUS = 5;
    private static final int J_REASON = 6;
    private static final int J_WINDOW = 7;
    private static final int J_AT = 8;
    // TriggerExecutionRecorded
    private static final int E_EXECUTION = 0;
    private static final int E_TRIGGER = 1;
    private static final int E_NAME = 2;
    private static final int E_TENANT = 3;
    private static final int E_PROCESS = 4;
    private static final int E_SCHEDULED = 5;
    private static final int E_OUTCOME = 6;
    private static final int E_JOB = 7;
    private static final int E_WINDOW = 8;
    private static final int E_AT = 9;
    // JobRequestRefused
    private static final int R_REQUEST = 0;
    private static final int R_TRIGGER = 1;
    private static final int R_TENANT = 2;
    private static final int R_PROCESS = 3;
    private static final int R_SCHEDULED = 4;
    private static final int R_PHASE = 5;
    private static final int R_WINDOW = 6;
    private static final int R_AT = 7;
    // JobRequestAccepted
    private static final int A_REQUEST = 0;
    private static final int A_TRIGGER = 1;
    private static final int A_TENANT = 2;
    private static final int A_JOB = 3;
    private static final int A_SCHEDULED = 4;
    private static final int A_AT = 5;
    // DrainProgressReported
    private static final int D_TENANT = 0;
    private static final int D_WINDOW = 1;
    private static final int D_RUNNING = 2;
    private static final int D_STOPPING = 3;
    private static final int D_PENDING = 4;
    private static final int D_AS_OF = 5;

    private final EventDecoder decoder;
    private final TextCache texts = new TextCache();
    private final Map<String, RecordFacts> tenantOnly = new HashMap<>();
    private final FlatJson job = new FlatJson(List.of("jobId", "tenantId", "processName", "robotId", "state",
            "previousState", "reason", "windowId", "at"));
    private final FlatJson execution = new FlatJson(List.of("executionId", "triggerId", "triggerName", "tenantId",
            "processName", "scheduledAt", "outcome", "jobId", "windowId", "at"));
    private final FlatJson refused = new FlatJson(List.of("requestId", "triggerId", "tenantId", "processName",
            "scheduledAt", "phase", "windowId", "at"));
    private final FlatJson accepted = new FlatJson(List.of("requestId", "triggerId", "tenantId", "jobId",
            "scheduledAt", "at"));
    private final FlatJson drain = new FlatJson(List.of("tenantId", "windowId", "runningJobs", "stoppingJobs",
            "pendingJobs", "asOf"));

    ReplayDecoder(EventDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public RecordFacts deserialize(String topic, Headers headers, ByteBuffer data) {
        RecordFacts facts;
        try {
            facts = plain(headers, data);
        } catch (RuntimeException e) {
            // a case the plain reading did not foresee: the full decoder decides
            facts = null;
        }
        return facts != null ? facts : full(topic, headers, data);
    }

    @Override
    public RecordFacts deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, headers, data == null ? null : ByteBuffer.wrap(data));
    }

    @Override
    public RecordFacts deserialize(String topic, byte[] data) {
        throw new UnsupportedOperationException("a replay's records are read with their headers");
    }

    /** The facts of a record in the plain form, or {@code null} when the full decoder must read it. */
    RecordFacts plain(Headers headers, ByteBuffer data) {
        Header type = headers.lastHeader(CloudEventHeaders.TYPE);
        Header id = headers.lastHeader(CloudEventHeaders.ID);
        if (type == null || id == null || data == null || !data.hasArray() || !plainId(id.value())) {
            return null;
        }
        byte[] bytes = data.array();
        int from = data.arrayOffset() + data.position();
        int to = from + data.remaining();
        byte[] name = type.value();
        if (Arrays.equals(name, JOB_STATE_CHANGED)) {
            return job.read(bytes, from, to) ? jobStateChanged(job) : null;
        }
        if (Arrays.equals(name, TRIGGER_EXECUTION_RECORDED)) {
            return execution.read(bytes, from, to) ? executionRecorded(execution) : null;
        }
        if (Arrays.equals(name, JOB_REQUEST_ACCEPTED)) {
            return accepted.read(bytes, from, to) ? requestAccepted(accepted) : null;
        }
        if (Arrays.equals(name, JOB_REQUEST_REFUSED)) {
            return refused.read(bytes, from, to) ? requestRefused(refused) : null;
        }
        if (Arrays.equals(name, DRAIN_PROGRESS_REPORTED)) {
            return drain.read(bytes, from, to) ? drainProgress(drain) : null;
        }
        return null;
    }

    private RecordFacts jobStateChanged(FlatJson j) {
        int state = j.constant(J_STATE, JOB_STATE_NAMES);
        if (!j.hasText(J_JOB) || !j.hasText(J_TENANT) || state < 0 || !enumOrMissing(j, J_PREVIOUS, JOB_STATE_NAMES)
                || !optional(j, J_PROCESS) || !optional(j, J_ROBOT) || !optional(j, J_REASON)
                || !optional(j, J_WINDOW) || !j.readInstant(J_AT) || !j.inPostgresRange()) {
            return null;
        }
        String tenant = j.text(J_TENANT, texts);
        JobState end = JOB_STATES[state];
        if ((end != JobState.STOPPED && end != JobState.KILLED) || j.isMissing(J_WINDOW)
                || j.textIs(J_REASON, BY_USER)) {
            return tenantOnly(tenant);
        }
        return new RecordFacts(false, tenant, new JobEndFact(j.text(J_JOB), tenant, j.text(J_WINDOW, texts),
                end.name(), cached(j, J_PROCESS), cached(j, J_ROBOT), j.instant(), cached(j, J_REASON)), null, null);
    }

    private RecordFacts executionRecorded(FlatJson e) {
        int outcome = e.constant(E_OUTCOME, OUTCOME_NAMES);
        if (!e.hasText(E_EXECUTION) || !e.hasText(E_TRIGGER) || !e.hasText(E_TENANT) || outcome < 0
                || !optional(e, E_NAME) || !optional(e, E_WINDOW) || !anyText(e, E_PROCESS) || !anyText(e, E_JOB)
                || !e.readInstant(E_SCHEDULED) || !e.inPostgresRange()) {
            return null;
        }
        Instant scheduledAt = e.instant();
        if (!e.readInstant(E_AT) || !e.inPostgresRange()) {
            return null;
        }
        String tenant = e.text(E_TENANT, texts);
        if (e.isMissing(E_WINDOW) || OUTCOMES[outcome] == ExecutionOutcome.FIRED) {
            return tenantOnly(tenant);
        }
        Instant at = e.instant();
        String name = cached(e, E_NAME);
        SkipFact.Key key = new SkipFact.Key(e.text(E_WINDOW, texts), tenant, e.text(E_TRIGGER, texts), scheduledAt);
        return new RecordFacts(false, tenant, null, new SkipFact(key, name, name == null ? null : at,
                e.text(E_EXECUTION), OUTCOMES[outcome].name(), at), null);
    }

    private RecordFacts requestRefused(FlatJson r) {
        if (!r.hasText(R_TRIGGER) || !r.hasText(R_TENANT) || !anyText(r, R_REQUEST) || !anyText(r, R_PROCESS)
                || !enumOrMissing(r, R_PHASE, PHASE_NAMES) || !optional(r, R_WINDOW)
                || !r.readInstant(R_SCHEDULED) || !r.inPostgresRange()) {
            return null;
        }
        Instant scheduledAt = r.instant();
        if (!r.readInstant(R_AT) || !r.inPostgresRange()) {
            return null;
        }
        String tenant = r.text(R_TENANT, texts);
        if (r.isMissing(R_WINDOW)) {
            return tenantOnly(tenant);
        }
        SkipFact.Key key = new SkipFact.Key(r.text(R_WINDOW, texts), tenant, r.text(R_TRIGGER, texts), scheduledAt);
        return new RecordFacts(false, tenant, null, new SkipFact(key, null, null, null, Projector.SKIPPED,
                r.instant()), null);
    }

    private RecordFacts requestAccepted(FlatJson a) {
        if (!a.hasText(A_TENANT) || !anyText(a, A_REQUEST) || !anyText(a, A_TRIGGER) || !anyText(a, A_JOB)
                || !instantOrMissing(a, A_SCHEDULED) || !instantOrMissing(a, A_AT)) {
            return null;
        }
        return tenantOnly(a.text(A_TENANT, texts));
    }

    private RecordFacts drainProgress(FlatJson d) {
        if (!d.hasText(D_TENANT) || !optional(d, D_WINDOW) || !numberOrMissing(d, D_RUNNING)
                || !numberOrMissing(d, D_STOPPING) || !numberOrMissing(d, D_PENDING)
                || !instantOrMissing(d, D_AS_OF)) {
            return null;
        }
        return tenantOnly(d.text(D_TENANT, texts));
    }

    /** The record through {@link EventDecoder} and {@link Projector}, as the live consumers read it. */
    private RecordFacts full(String topic, Headers headers, ByteBuffer data) {
        byte[] payload = null;
        if (data != null) {
            payload = new byte[data.remaining()];
            data.duplicate().get(payload);
        }
        try {
            FactBatch facts = new FactBatch();
            // the record's partition and offset are not known while the consumer parses it; the projection does not
            // read them
            Projector.project(decoder.decode(new RawEvent(topic, -1, -1, null, headers, payload)), facts);
            return new RecordFacts(false, null, null, null, facts);
        } catch (UndecodableEventException e) {
            return RecordFacts.UNDECODABLE;
        }
    }

    private RecordFacts tenantOnly(String tenant) {
        RecordFacts facts = tenantOnly.get(tenant);
        if (facts == null) {
            facts = new RecordFacts(false, tenant, null, null, null);
            if (tenantOnly.size() < MAX_TENANTS) {
                tenantOnly.put(tenant, facts);
            }
        }
        return facts;
    }

    /** An optional text the decoder checks: absent, {@code null}, or a text that is not blank. */
    private static boolean optional(FlatJson json, int field) {
        return json.isMissing(field) || json.hasText(field);
    }

    /** A text the decoder does not check: absent, {@code null} or any text. */
    private static boolean anyText(FlatJson json, int field) {
        return json.isMissing(field) || json.kind(field) == FlatJson.TEXT;
    }

    private static boolean enumOrMissing(FlatJson json, int field, byte[][] names) {
        return json.isMissing(field) || json.constant(field, names) >= 0;
    }

    private static boolean instantOrMissing(FlatJson json, int field) {
        return json.isMissing(field) || json.readInstant(field);
    }

    private static boolean numberOrMissing(FlatJson json, int field) {
        return json.isMissing(field) || json.kind(field) == FlatJson.NUMBER;
    }

    /** An optional text, through the cache, or {@code null}. */
    private String cached(FlatJson json, int field) {
        return json.isMissing(field) ? null : json.text(field, texts);
    }

    /** An id the decoder accepts, in plain ASCII: not blank, at most 500 characters. */
    private static boolean plainId(byte[] id) {
        if (id == null || id.length == 0 || id.length > MAX_ID_LENGTH) {
            return false;
        }
        boolean blank = true;
        for (byte b : id) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
            blank &= b == ' ';
        }
        return !blank;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] names(Enum<?>[] constants) {
        byte[][] names = new byte[constants.length][];
        for (int i = 0; i < constants.length; i++) {
            names[i] = ascii(constants[i].name());
        }
        return names;
    }
}
