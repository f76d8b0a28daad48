package org.jobplatform.audit.projection;

import org.jobplatform.audit.event.AuditEvent;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.TriggerExecutionRecorded;

/**
 * What each event contributes to the window logs, as facts with natural keys. Nothing here depends on the order in
 * which events arrive or on how often: a log is the merge of its facts.
 *
 * <ul>
 * <li>Every event with a tenant makes the tenant known; a host window appears in the log of every known tenant.</li>
 * <li>A phase change is a fact of its scope and epoch; one that names a window also widens that window. The end of a
 * window is the scope's change to NONE at the epoch after the window's last one (an end names no window).</li>
 * <li>A job counts for a window when its final state is STOPPED or KILLED and its final change names the window,
 * unless a user made it: job-service keeps the window of the Stop or Kill that maintenance sent when the robot
 * confirms it (reason ROBOT or RECONCILIATION), and a user's Stop clears it.</li>
 * <li>An execution counts as skipped in a window when a record of it names the window with any outcome but FIRED
 * (RUN_AFTER_MAINTENANCE and BACKFILLED were skipped first); a refused job request of a trigger is the same
 * execution, keyed by trigger and scheduled time, so each is counted once.</li>
 * </ul>
 */
public final class Projector {

    /** Reason of a job change a user asked for; such an end is never the window's doing. */
    public static final String BY_USER = "USER";
    /** Outcome recorded for a refused job request. */
    public static final String SKIPPED = ExecutionOutcome.SKIPPED.name();

    private Projector() {
    }

    /** Adds what the event says to the batch. */
    public static void project(AuditEvent event, FactBatch batch) {
        batch.counted();
        Object data = event.data();
        if (data == null) {
            return;
        }
        batch.tenant(event.tenantId());
        if (data instanceof MaintenancePhaseChanged change) {
            phase(event, change, batch);
        } else if (data instanceof JobStateChanged change) {
            job(event, change, batch);
        } else if (data instanceof TriggerExecutionRecorded execution) {
            execution(event, execution, batch);
        } else if (data instanceof JobRequestRefused refused) {
            refused(event, refused, batch);
        }
    }

    private static void phase(AuditEvent event, MaintenancePhaseChanged change, FactBatch batch) {
        PhaseFact fact = new PhaseFact(change.scope(), change.epoch(), event.tenantId(), event.windowId(),
                change.phase().name(), change.previousPhase() == null ? null : change.previousPhase().name(),
                change.since(), change.changedAt(), change.reason(), change.requestedBy(), event.id());
        batch.phase(fact);
        if (event.windowId() != null && change.phase() != Phase.NONE) {
            batch.window(new WindowFact(event.windowId(), change.scope(), event.tenantId(), fact.at(),
                    change.epoch(), change.epoch(), change.reason()));
        }
    }

    private static void job(AuditEvent event, JobStateChanged change, FactBatch batch) {
        boolean ended = change.state() == JobState.STOPPED || change.state() == JobState.KILLED;
        if (ended && event.windowId() != null && !BY_USER.equals(change.reason())) {
            batch.job(new JobEndFact(change.jobId(), event.tenantId(), event.windowId(), change.state().name(),
                    change.processName(), change.robotId(), change.at(), change.reason()));
        }
    }

    private static void execution(AuditEvent event, TriggerExecutionRecorded execution, FactBatch batch) {
        if (event.windowId() == null || execution.outcome() == ExecutionOutcome.FIRED) {
            return;
        }
        SkipFact.Key key = new SkipFact.Key(event.windowId(), event.tenantId(), execution.triggerId(),
                execution.scheduledAt());
        batch.skip(new SkipFact(key, execution.triggerName(),
                execution.triggerName() == null ? null : execution.at(), execution.executionId(),
                execution.outcome().name(), execution.at()));
    }

    private static void refused(AuditEvent event, JobRequestRefused refused, FactBatch batch) {
        if (event.windowId() == null) {
            return;
        }
        SkipFact.Key key = new SkipFact.Key(event.windowId(), event.tenantId(), refused.triggerId(),
                refused.scheduledAt());
        batch.skip(new SkipFact(key, null, null, null, SKIPPED, refused.at()));
    }
}
