package org.jobplatform.maintenance.window;

import java.time.Duration;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.Phase;

/**
 * An operator's request for a scope: start a phase (with its options) or end maintenance.
 *
 * @param phase         DRAINING or SUSPENDED to start; NONE to end
 * @param killJobs      kill the remaining jobs
 * @param force         suspend even though jobs run (they are killed)
 * @param reason        free text, or {@code null}
 * @param strategy      STOP or FINISH; {@code null} keeps the window's, STOP for a new window
 * @param drainDeadline kill what still runs after this long, or {@code null}
 * @param autoSuspend   go to SUSPENDED once drained
 * @param requestedBy   the caller's name
 */
public record MaintenanceRequest(Phase phase, boolean killJobs, boolean force, String reason,
        DrainStrategy strategy, Duration drainDeadline, boolean autoSuspend, String requestedBy) {

    /** A request to end maintenance. */
    public static MaintenanceRequest end(String reason, String requestedBy) {
        return new MaintenanceRequest(Phase.NONE, false, false, reason, null, null, false, requestedBy);
    }

    /** A request to start a phase with no options. */
    public static MaintenanceRequest start(Phase phase, String requestedBy) {
        return new MaintenanceRequest(phase, false, false, null, null, null, false, requestedBy);
    }

    public boolean isEnd() {
        return phase == Phase.NONE;
    }
}
