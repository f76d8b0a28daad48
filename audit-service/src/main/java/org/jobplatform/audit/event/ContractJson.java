package org.jobplatform.audit.event;

import java.time.Instant;

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

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the contract records the audit consumes straight from the JSON tokens, field by field. A replay decodes a
 * million of them; object mapping cost five microseconds each, most of it setting up a mapping context per event,
 * this one a fraction. It reads what the object mapper of the services writes and is as lenient as the services'
 * readers: unknown fields are skipped, a missing field is {@code null} (or {@code 0} / {@code false}), a scalar is
 * read as text where text is expected; anything else (not an object, a nested value where a scalar is expected, an
 * enum value the contract does not name, a time that does not parse) throws. {@code ContractJsonTest} checks it
 * against the object mapper for every record, so a field added to a contract record that is not read here fails it.
 */
final class ContractJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** The parser of one event's data, positioned on its opening brace. */
    private static JsonParser open(byte[] data) {
        JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), data);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("data is not a JSON object");
        }
        return parser;
    }

    static MaintenancePhaseChanged phaseChanged(byte[] data) {
        String scope = null;
        String tenantId = null;
        Phase phase = null;
        Phase previousPhase = null;
        long epoch = 0;
        String windowId = null;
        Instant since = null;
        String requestedBy = null;
        String reason = null;
        boolean killJobs = false;
        boolean force = false;
        DrainStrategy strategy = null;
        String drainDeadline = null;
        boolean autoSuspend = false;
        Instant changedAt = null;
        try (JsonParser p = open(data)) {
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                p.nextToken();
                switch (field) {
                    case "scope" -> scope = text(p);
                    case "tenantId" -> tenantId = text(p);
                    case "phase" -> phase = named(Phase.class, text(p));
                    case "previousPhase" -> previousPhase = named(Phase.class, text(p));
                    case "epoch" -> epoch = number(p);
                    case "windowId" -> windowId = text(p);
                    case "since" -> since = instant(p);
                    case "requestedBy" -> requestedBy = text(p);
                    case "reason" -> reason = text(p);
                    case "killJobs" -> killJobs = flag(p);
                    case "force" -> force = flag(p);
                    case "strategy" -> strategy = named(DrainStrategy.class, text(p));
                    case "drainDeadline" -> drainDeadline = text(p);
                    case "autoSuspend" -> autoSuspend = flag(p);
                    case "changedAt" -> changedAt = instant(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new MaintenancePhaseChanged(scope, tenantId, phase, previousPhase, epoch, windowId, since, requestedBy,
                reason, killJobs, force, strategy, drainDeadline, autoSuspend, changedAt);
    }

    static JobStateChanged jobStateChanged(byte[] data) {
        String jobId = null;
        String tenantId = null;
        String processName = null;
        String robotId = null;
        JobState state = null;
        JobState previousState = null;
        String reason = null;
        String windowId = null;
        Instant at = null;
        try (JsonParser p = open(data)) {
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                p.nextToken();
                switch (field) {
                    case "jobId" -> jobId = text(p);
                    case "tenantId" -> tenantId = text(p);
                    case "processName" -> processName = text(p);
                    case "robotId" -> robotId = text(p);
                    case "state" -> state = named(JobState.class, text(p));
                    case "previousState" -> previousState = named(JobState.class, text(p));
                    case "reason" -> reason = text(p);
                    case "windowId" -> windowId = text(p);
                    case "at" -> at = instant(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new JobStateChanged(jobId, tenantId, processName, robotId, state, previousState, reason, windowId, at);
    }

    static TriggerExecutionRecorded executionRecorded(byte[] data) {
        String executionId = null;
        String triggerId = null;
        String triggerName = null;
        String tenantId = null;
        String processName = null;
        Instant scheduledAt = null;
        ExecutionOutcome outcome = null;
        String jobId = null;
        String windowId = null;
        Instant at = null;
        try (JsonParser p = open(data)) {
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                p.nextToken();
                switch (field) {
                    case "executionId" -> executionId = text(p);
                    case "triggerId" -> triggerId = text(p);
                    case "triggerName" -> triggerName = text(p);
                    case "tenantId" -> tenantId = text(p);
                    case "processName" -> processName = text(p);
                    case "scheduledAt" -> scheduledAt = instant(p);
                    case "outcome" -> outcome = named(ExecutionOutcome.class, text(p));
                    case "jobId" -> jobId = text(p);
                    case "windowId" -> windowId = text(p);
                    case "at" -> at = instant(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new TriggerExecutionRecorded(executionId, triggerId, triggerName, tenantId, processName, scheduledAt,
                outcome, jobId, windowId, at);
    }

    static JobRequestRefused requestRefused(byte[] data) {
        String requestId = null;
        String triggerId = null;
        String tenantId = null;
        String processName = null;
        Instant scheduledAt = null;
        Phase phase = null;
        String windowId = null;
        Instant at = null;
        try (JsonParser p = open(data)) {
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                p.nextToken();
                switch (field) {
                    case "requestId" -> requestId = text(p);
                    case "triggerId" -> triggerId = text(p);
                    case "tenantId" -> tenantId = text(p);
                    case "processName" -> processName = text(p);
                    case "scheduledAt" -> scheduledAt = instant(p);
                    case "phase" -> phase = named(Phase.class, text(p));
                    case "windowId" -> windowId = text(p);
                    case "at" -> at = instant(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new JobRequestRefused(requestId, triggerId, tenantId, processName, scheduledAt, phase, windowId, at);
    }

    static JobRequestAccepted requestAccepted(byte[] data) {
        String requestId = null;
        String triggerId = null;
        String tenantId = null;
        String jobId = null;
        Instant scheduledAt = null;
        Instant at = null;
        try (JsonParser p = open(data)) {
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                p.nextToken();
                switch (field) {
                    case "requestId" -> requestId = text(p);
                    case "triggerId" -> triggerId = text(p);
                    case "tenantId" -> tenantId = text(p);
                    case "jobId" -> jobId = text(p);
                    case "scheduledAt" -> scheduledAt = instant(p);
                    case "at" -> at = instant(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new JobRequestAccepted(requestId, triggerId, tenantId, jobId, scheduledAt, at);
    }

    static DrainProgressReported drainProgress(byte[] data) {
        String tenantId = null;
        String windowId = null;
        long runningJobs = 0;
        long stoppingJobs = 0;
        long pendingJobs = 0;
        Instant asOf = null;
        try (JsonParser p = open(data)) {
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                p.nextToken();
                switch (field) {
                    case "tenantId" -> tenantId = text(p);
                    case "windowId" -> windowId = text(p);
                    case "runningJobs" -> runningJobs = number(p);
                    case "stoppingJobs" -> stoppingJobs = number(p);
                    case "pendingJobs" -> pendingJobs = number(p);
                    case "asOf" -> asOf = instant(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new DrainProgressReported(tenantId, windowId, runningJobs, stoppingJobs, pendingJobs, asOf);
    }

    /** A scalar as text, or {@code null}. */
    private static String text(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new IllegalArgumentException("expected text at " + p.currentName() + " but found " + token);
        }
        return p.getString();
    }

    private static Instant instant(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            return Instants.parse(p.getString());
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochSecond(p.getLongValue());
        }
        throw new IllegalArgumentException("expected a time at " + p.currentName() + " but found " + token);
    }

    private static long number(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            return Long.parseLong(p.getString().trim());
        }
        throw new IllegalArgumentException("expected a whole number at " + p.currentName() + " but found " + token);
    }

    private static boolean flag(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE || token == JsonToken.VALUE_NULL) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_STRING && ("true".equals(p.getString()) || "false".equals(p.getString()))) {
            return Boolean.parseBoolean(p.getString());
        }
        throw new IllegalArgumentException("expected true or false at " + p.currentName() + " but found " + token);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value) {
        return value == null ? null : Enum.valueOf(type, value);
    }

    private ContractJson() {
    }
}
