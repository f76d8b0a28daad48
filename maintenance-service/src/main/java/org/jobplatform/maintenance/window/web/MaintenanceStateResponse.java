package org.jobplatform.maintenance.window.web;

import java.time.Instant;
import java.util.List;

import org.jobplatform.maintenance.convergence.ConvergenceView;

/**
 * The state of a scope as {@code GET /api/maintenance} shows it.
 *
 * @param scope          {@code host} or {@code tenant:<id>}
 * @param tenantId       the tenant, or {@code null}
 * @param phase          the scope's own phase
 * @param effectivePhase the phase in force: for a tenant the stronger of its own and the host's
 * @param windowId       the open window, or {@code null}
 * @param epoch          the scope's epoch
 * @param since          when the scope entered its phase
 * @param requestedBy    who asked for the last change
 * @param reason         why
 * @param killJobs       whether remaining jobs are killed
 * @param strategy       STOP or FINISH
 * @param drainDeadline  the drain deadline, or {@code null}
 * @param autoSuspend    whether it suspends itself once drained
 * @param drain          robot-confirmed job counts
 * @param instances      every known instance with the epoch it applied for this scope
 * @param converged      whether every alive instance applied the current epoch
 */
public record MaintenanceStateResponse(String scope, String tenantId, String phase, String effectivePhase,
        String windowId, long epoch, Instant since, String requestedBy, String reason, boolean killJobs,
        String strategy, String drainDeadline, boolean autoSuspend, Drain drain,
        List<ConvergenceView.InstanceView> instances, boolean converged) {

    /**
     * Robot-confirmed job counts of the scope.
     *
     * @param runningJobs  running or stopping, not yet confirmed ended
     * @param pendingJobs  held
     * @param asOf         the newest report, or {@code null}
     */
    public record Drain(long runningJobs, long pendingJobs, Instant asOf) {
    }
}
