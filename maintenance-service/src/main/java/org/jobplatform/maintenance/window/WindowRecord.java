package org.jobplatform.maintenance.window;

import java.time.Instant;
import java.util.List;

/**
 * A maintenance window as the history shows it.
 *
 * @param windowId      the window
 * @param scope         {@code host} or {@code tenant:<id>}
 * @param tenantId      the tenant, or {@code null} for the host
 * @param startedAt     when it opened
 * @param endedAt       when it closed, or {@code null} while open
 * @param startedBy     who opened it
 * @param endedBy       who closed it
 * @param reason        why it was opened
 * @param strategy      STOP or FINISH
 * @param drainDeadline the drain deadline, or {@code null}
 * @param autoSuspend   whether it suspends itself once drained
 * @param phases        every change inside the window, in order
 */
public record WindowRecord(String windowId, String scope, String tenantId, Instant startedAt, Instant endedAt,
        String startedBy, String endedBy, String reason, String strategy, String drainDeadline, boolean autoSuspend,
        List<Transition> phases) {

    /** The same window with its transitions. */
    public WindowRecord withTransitions(List<Transition> transitions) {
        return new WindowRecord(windowId, scope, tenantId, startedAt, endedAt, startedBy, endedBy, reason, strategy,
                drainDeadline, autoSuspend, transitions);
    }

    /**
     * One change of the scope inside the window.
     *
     * @param phase       the phase entered
     * @param at          when
     * @param epoch       the scope's epoch after the change
     * @param requestedBy who asked
     * @param reason      why
     * @param killJobs    whether remaining jobs were to be killed
     */
    public record Transition(String phase, Instant at, long epoch, String requestedBy, String reason,
            boolean killJobs) {
    }
}
