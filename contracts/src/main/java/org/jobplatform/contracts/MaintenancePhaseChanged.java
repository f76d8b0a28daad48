package org.jobplatform.contracts;

import java.time.Instant;

/**
 * A scope's phase changed. Carries the scope's full state, so the latest event of a scope is all a consumer
 * needs; a consumer ignores an epoch it has already applied.
 *
 * @param scope         {@code host} or {@code tenant:<id>}
 * @param tenantId      the tenant, or {@code null} for the host
 * @param phase         the scope's own phase after the change
 * @param previousPhase the phase before the change
 * @param epoch         increments with every change of the scope
 * @param windowId      the maintenance window the scope is in, or {@code null} after an end
 * @param since         when the scope entered {@code phase}
 * @param requestedBy   who asked
 * @param reason        free text shown in the state and the logs
 * @param killJobs      remaining jobs are to be killed
 * @param force         suspension was forced over running jobs
 * @param strategy      {@code STOP} or {@code FINISH}
 * @param drainDeadline ISO-8601 duration after which remaining jobs are killed, or {@code null}
 * @param autoSuspend   go to SUSPENDED once drained
 * @param changedAt     when the change was committed
 */
public record MaintenancePhaseChanged(String scope, String tenantId, Phase phase, Phase previousPhase, long epoch,
        String windowId, Instant since, String requestedBy, String reason, boolean killJobs, boolean force,
        DrainStrategy strategy, String drainDeadline, boolean autoSuspend, Instant changedAt) {
}
