package org.jobplatform.maintenance.window;

import java.time.Duration;
import java.time.Instant;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;

/**
 * The current state of one scope.
 *
 * @param scope         the host or a tenant
 * @param phase         the scope's own phase
 * @param epoch         increments with every change
 * @param windowId      the open window, or {@code null}
 * @param since         when the scope entered {@code phase}, or {@code null} if it never changed
 * @param requestedBy   who asked for the last change
 * @param reason        why
 * @param killJobs      remaining jobs are to be killed
 * @param force         suspension was forced over running jobs
 * @param strategy      how running jobs drain
 * @param drainDeadline when remaining jobs are killed, counted from the window's start, or {@code null}
 * @param autoSuspend   go to SUSPENDED once drained
 */
public record ScopeState(Scope scope, Phase phase, long epoch, String windowId, Instant since, String requestedBy,
        String reason, boolean killJobs, boolean force, DrainStrategy strategy, Duration drainDeadline,
        boolean autoSuspend) {

    /** A scope that was never in maintenance. */
    public static ScopeState initial(Scope scope) {
        return new ScopeState(scope, Phase.NONE, 0, null, null, null, null, false, false, DrainStrategy.STOP, null,
                false);
    }

    /** The event that announces this state, after a change from {@code previous}. */
    public MaintenancePhaseChanged toEvent(Phase previous, Instant changedAt) {
        return new MaintenancePhaseChanged(scope.key(), scope.tenantId(), phase, previous, epoch, windowId, since,
                requestedBy, reason, killJobs, force, strategy, drainDeadline == null ? null : drainDeadline.toString(),
                autoSuspend, changedAt);
    }
}
