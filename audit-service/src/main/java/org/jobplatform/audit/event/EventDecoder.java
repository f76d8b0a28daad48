package org.jobplatform.audit.event;

import java.time.Instant;
import java.util.Set;

import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.starter.messaging.UndecodableEventException;


/**
 * Checks and decodes a record into an {@link AuditEvent}, or throws {@link UndecodableEventException} for a record
 * that can never be processed (it belongs on a dead-letter topic): no {@code ce_id} or {@code ce_type}, data that
 * does not decode as the contract record its type names, a required field missing, a time PostgreSQL cannot hold,
 * or a NUL character, which PostgreSQL text cannot hold. A type the contract does not know is accepted as it is:
 * it is journaled, and no log is derived from it.
 */
public final class EventDecoder {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final int MAX_ID_LENGTH = 500;
    /** The types whose data the audit reads. */
    private static final Set<String> KNOWN = Set.of(EventTypes.PHASE_CHANGED, EventTypes.JOB_STATE_CHANGED,
            EventTypes.TRIGGER_EXECUTION_RECORDED, EventTypes.JOB_REQUEST_REFUSED, EventTypes.JOB_REQUEST_ACCEPTED,
            EventTypes.DRAIN_PROGRESS_REPORTED);

    /** The record as an accepted event; throws {@link UndecodableEventException} naming what is wrong. */
    public AuditEvent decode(RawEvent raw) {
        String id = raw.header(CloudEventHeaders.ID);
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new UndecodableEventException("record without a valid " + CloudEventHeaders.ID + " header");
        }
        String type = raw.header(CloudEventHeaders.TYPE);
        if (type == null || type.isBlank()) {
            throw new UndecodableEventException("record without a " + CloudEventHeaders.TYPE + " header");
        }
        if (!KNOWN.contains(type)) {
            return new AuditEvent(raw, id, type, null, null, null);
        }
        if (raw.payload() == null || raw.payload().length == 0) {
            throw new UndecodableEventException(type + " without data");
        }
        Object data;
        try {
            data = data(type, raw.payload());
        } catch (RuntimeException e) {
            throw new UndecodableEventException("data is not a valid " + type + ": " + e.getMessage(), e);
        }
        return switch (type) {
            case EventTypes.PHASE_CHANGED -> phaseChanged(raw, id, type, (MaintenancePhaseChanged) data);
            case EventTypes.JOB_STATE_CHANGED -> jobStateChanged(raw, id, type, (JobStateChanged) data);
            case EventTypes.TRIGGER_EXECUTION_RECORDED -> executionRecorded(raw, id, type,
                    (TriggerExecutionRecorded) data);
            case EventTypes.JOB_REQUEST_REFUSED -> requestRefused(raw, id, type, (JobRequestRefused) data);
            case EventTypes.JOB_REQUEST_ACCEPTED -> new AuditEvent(raw, id, type, data,
                    tenant(((JobRequestAccepted) data).tenantId()), null);
            default -> {
                DrainProgressReported progress = (DrainProgressReported) data;
                yield new AuditEvent(raw, id, type, data, tenant(progress.tenantId()),
                        text(progress.windowId(), "windowId", false));
            }
        };
    }

    private static Object data(String type, byte[] payload) {
        return switch (type) {
            case EventTypes.PHASE_CHANGED -> ContractJson.phaseChanged(payload);
            case EventTypes.JOB_STATE_CHANGED -> ContractJson.jobStateChanged(payload);
            case EventTypes.TRIGGER_EXECUTION_RECORDED -> ContractJson.executionRecorded(payload);
            case EventTypes.JOB_REQUEST_REFUSED -> ContractJson.requestRefused(payload);
            case EventTypes.JOB_REQUEST_ACCEPTED -> ContractJson.requestAccepted(payload);
            default -> ContractJson.drainProgress(payload);
        };
    }

    private static AuditEvent phaseChanged(RawEvent raw, String id, String type, MaintenancePhaseChanged change) {
        Scope scope;
        try {
            scope = Scope.fromKey(change.scope());
        } catch (IllegalArgumentException e) {
            throw new UndecodableEventException("phase change with an invalid scope: " + e.getMessage(), e);
        }
        if (change.phase() == null) {
            throw new UndecodableEventException("phase change without phase");
        }
        if (change.epoch() < 0) {
            throw new UndecodableEventException("phase change with a negative epoch");
        }
        String windowId = text(change.windowId(), "windowId", change.phase() != Phase.NONE);
        instant(change.changedAt(), "changedAt", true);
        instant(change.since(), "since", false);
        text(change.reason(), "reason", false);
        text(change.requestedBy(), "requestedBy", false);
        if (!scope.isHost() && change.tenantId() != null && !scope.tenantId().equals(change.tenantId())) {
            throw new UndecodableEventException("phase change of scope " + scope + " names tenant "
                    + change.tenantId());
        }
        return new AuditEvent(raw, id, type, change, scope.tenantId(), windowId);
    }

    private static AuditEvent jobStateChanged(RawEvent raw, String id, String type, JobStateChanged change) {
        text(change.jobId(), "jobId", true);
        if (change.state() == null) {
            throw new UndecodableEventException("job state change without state");
        }
        instant(change.at(), "at", true);
        text(change.processName(), "processName", false);
        text(change.robotId(), "robotId", false);
        text(change.reason(), "reason", false);
        return new AuditEvent(raw, id, type, change, tenant(change.tenantId()),
                text(change.windowId(), "windowId", false));
    }

    private static AuditEvent executionRecorded(RawEvent raw, String id, String type,
            TriggerExecutionRecorded execution) {
        text(execution.executionId(), "executionId", true);
        text(execution.triggerId(), "triggerId", true);
        text(execution.triggerName(), "triggerName", false);
        instant(execution.scheduledAt(), "scheduledAt", true);
        instant(execution.at(), "at", true);
        if (execution.outcome() == null) {
            throw new UndecodableEventException("trigger execution without outcome");
        }
        return new AuditEvent(raw, id, type, execution, tenant(execution.tenantId()),
                text(execution.windowId(), "windowId", false));
    }

    private static AuditEvent requestRefused(RawEvent raw, String id, String type, JobRequestRefused refused) {
        text(refused.triggerId(), "triggerId", true);
        instant(refused.scheduledAt(), "scheduledAt", true);
        instant(refused.at(), "at", true);
        return new AuditEvent(raw, id, type, refused, tenant(refused.tenantId()),
                text(refused.windowId(), "windowId", false));
    }

    private static String tenant(String tenantId) {
        return text(tenantId, "tenantId", true);
    }

    private static String text(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new UndecodableEventException("event without " + field);
            }
            return null;
        }
        noNul(value, field);
        return value;
    }

    private static void instant(Instant value, String field, boolean required) {
        if (value == null) {
            if (required) {
                throw new UndecodableEventException("event without " + field);
            }
            return;
        }
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new UndecodableEventException(field + " " + value + " is outside the years 1 to 9999");
        }
    }

    private static void noNul(String value, String what) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new UndecodableEventException(what + " holds a NUL character");
        }
    }
}
