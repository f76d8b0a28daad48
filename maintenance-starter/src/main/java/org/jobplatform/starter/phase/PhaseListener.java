package org.jobplatform.starter.phase;

import org.jobplatform.contracts.MaintenancePhaseChanged;

/** Told of every phase change the view applies, in order per scope, on the view's thread. */
@FunctionalInterface
public interface PhaseListener {

    /**
     * @param change   the scope's new state
     * @param catchUp  {@code true} while the view is still reading history at start-up
     */
    void onPhaseApplied(MaintenancePhaseChanged change, boolean catchUp);
}
