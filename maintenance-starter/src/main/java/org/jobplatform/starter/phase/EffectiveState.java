package org.jobplatform.starter.phase;

import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;

/**
 * A tenant's effective phase and the scope state it comes from (the host's or the tenant's own, whichever is
 * stronger; the tenant's on a tie, since it is the more specific).
 *
 * @param phase  the effective phase
 * @param source the state that sets it, or {@code null} when no scope was ever in maintenance
 */
public record EffectiveState(Phase phase, MaintenancePhaseChanged source) {

    /** No maintenance anywhere. */
    public static final EffectiveState NONE = new EffectiveState(Phase.NONE, null);

    /** The window the effective phase belongs to, or {@code null}. */
    public String windowId() {
        return source == null ? null : source.windowId();
    }

    /** Composes host and tenant states. */
    public static EffectiveState compose(MaintenancePhaseChanged host, MaintenancePhaseChanged tenant) {
        Phase hostPhase = host == null ? Phase.NONE : host.phase();
        Phase tenantPhase = tenant == null ? Phase.NONE : tenant.phase();
        if (tenantPhase == Phase.NONE && hostPhase == Phase.NONE) {
            return NONE;
        }
        return hostPhase.ordinal() > tenantPhase.ordinal() ? new EffectiveState(hostPhase, host)
                : new EffectiveState(tenantPhase, tenant);
    }
}
