package org.jobplatform.starter.phase;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;

/**
 * The latest state of every scope this instance has applied. A change whose epoch is not newer than the one
 * applied for its scope is ignored, which makes a repeated or stale event harmless.
 */
public class PhaseView {

    private final Map<String, MaintenancePhaseChanged> states = new ConcurrentHashMap<>();
    private final List<PhaseListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean caughtUp;

    /** Adds a listener told of every change applied from now on. */
    public void addListener(PhaseListener listener) {
        listeners.add(listener);
    }

    /**
     * Applies a change if its epoch is newer than the scope's applied epoch.
     *
     * @return whether it was applied
     */
    public boolean apply(MaintenancePhaseChanged change) {
        boolean[] applied = {false};
        states.compute(change.scope(), (scope, current) -> {
            if (current != null && current.epoch() >= change.epoch()) {
                return current;
            }
            applied[0] = true;
            return change;
        });
        if (applied[0]) {
            boolean catchUp = !caughtUp;
            listeners.forEach(l -> l.onPhaseApplied(change, catchUp));
        }
        return applied[0];
    }

    /** Marks the view as caught up with the topic: from now on the instance may serve. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** A scope's applied state. */
    public Optional<MaintenancePhaseChanged> state(Scope scope) {
        return Optional.ofNullable(states.get(scope.key()));
    }

    /** The host's phase. */
    public Phase hostPhase() {
        return state(Scope.HOST).map(MaintenancePhaseChanged::phase).orElse(Phase.NONE);
    }

    /** The effective state of a tenant, or of the host for a {@code null} tenant. */
    public EffectiveState effective(String tenantId) {
        MaintenancePhaseChanged host = states.get(Scope.HOST_KEY);
        MaintenancePhaseChanged tenant = tenantId == null ? null : states.get(Scope.tenant(tenantId).key());
        return EffectiveState.compose(host, tenant);
    }

    /** The effective phase of a tenant: the stronger of host and tenant phase. */
    public Phase effectivePhase(String tenantId) {
        return effective(tenantId).phase();
    }

    /** Every scope's applied epoch, keyed by scope, sorted. */
    public Map<String, Long> appliedEpochs() {
        Map<String, Long> epochs = new TreeMap<>();
        states.forEach((scope, state) -> epochs.put(scope, state.epoch()));
        return epochs;
    }

    /** Every applied scope state. */
    public List<MaintenancePhaseChanged> states() {
        return List.copyOf(states.values());
    }
}
