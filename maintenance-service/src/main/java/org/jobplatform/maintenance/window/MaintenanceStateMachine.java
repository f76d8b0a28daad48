package org.jobplatform.maintenance.window;

import java.time.Instant;
import java.util.function.Supplier;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.Phase;

/**
 * The per-scope state machine of DESIGN.md section 2, as a pure function of the current state, the request and
 * the number of jobs in scope the robots have not yet confirmed as ended.
 *
 * <pre>
 * from \ request | start DRAINING                 | start SUSPENDED                                  | end
 * NONE           | opens a window                 | opens a window if none runs, else 409 unless     | no change
 *                |                                | force or killJobs (then they are killed)         |
 * DRAINING       | no change; killJobs kills      | suspends if none runs, else 409 unless force or  | closes
 *                |                                | killJobs (then they are killed)                  |
 * SUSPENDED      | 409                            | no change                                        | closes
 * </pre>
 */
public final class MaintenanceStateMachine {

    /**
     * Decides a request.
     *
     * @param current     the scope's state
     * @param request     what the operator asks
     * @param runningJobs jobs in scope not yet confirmed ended by their robots
     * @param now         the time of the change
     * @param newWindowId makes the id of a window opened by this request
     */
    public static Decision decide(ScopeState current, MaintenanceRequest request, long runningJobs, Instant now,
            Supplier<String> newWindowId) {
        Phase from = current.phase();
        if (request.isEnd()) {
            if (from == Phase.NONE) {
                return new Decision.Unchanged(current);
            }
            ScopeState ended = new ScopeState(current.scope(), Phase.NONE, current.epoch() + 1, null, now,
                    request.requestedBy(), request.reason() != null ? request.reason() : current.reason(), false,
                    false, current.strategy(), null, false);
            return new Decision.Change(current, ended, false, true);
        }
        Phase to = request.phase();
        boolean kill = request.killJobs() || request.force();
        if (from == Phase.SUSPENDED) {
            if (to == Phase.SUSPENDED) {
                return new Decision.Unchanged(current);
            }
            return new Decision.Conflict(current, "The " + current.scope().key()
                    + " scope is SUSPENDED: end the window before starting DRAINING again.", null);
        }
        if (to == Phase.DRAINING) {
            if (from == Phase.NONE) {
                return new Decision.Change(current, opened(current, request, Phase.DRAINING, request.killJobs(),
                        false, now, newWindowId.get()), true, false);
            }
            if (request.killJobs() && !current.killJobs()) {
                return new Decision.Change(current, continued(current, request, Phase.DRAINING, true, false, now),
                        false, false);
            }
            return new Decision.Unchanged(current);
        }
        if (runningJobs > 0 && !kill) {
            return new Decision.Conflict(current, runningJobs + " job(s) in " + current.scope().key()
                    + " are still running: wait until they are drained, or pass force=true or killJobs=true to kill them.",
                    runningJobs);
        }
        boolean killing = kill && runningJobs > 0 || request.killJobs();
        if (from == Phase.NONE) {
            return new Decision.Change(current, opened(current, request, Phase.SUSPENDED, killing, request.force(),
                    now, newWindowId.get()), true, false);
        }
        return new Decision.Change(current,
                continued(current, request, Phase.SUSPENDED, killing || current.killJobs(), request.force(), now),
                false, false);
    }

    private static ScopeState opened(ScopeState current, MaintenanceRequest request, Phase phase, boolean killJobs,
            boolean force, Instant now, String windowId) {
        return new ScopeState(current.scope(), phase, current.epoch() + 1, windowId, now, request.requestedBy(),
                request.reason(), killJobs, force,
                request.strategy() != null ? request.strategy() : DrainStrategy.STOP, request.drainDeadline(),
                request.autoSuspend());
    }

    private static ScopeState continued(ScopeState current, MaintenanceRequest request, Phase phase,
            boolean killJobs, boolean force, Instant now) {
        Instant since = phase == current.phase() ? current.since() : now;
        return new ScopeState(current.scope(), phase, current.epoch() + 1, current.windowId(), since,
                request.requestedBy(), request.reason() != null ? request.reason() : current.reason(), killJobs,
                force || current.force(), request.strategy() != null ? request.strategy() : current.strategy(),
                request.drainDeadline() != null ? request.drainDeadline() : current.drainDeadline(),
                request.autoSuspend() || current.autoSuspend());
    }

    private MaintenanceStateMachine() {
    }
}
