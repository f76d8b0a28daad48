package org.jobplatform.audit.projection;

import java.time.Instant;
import java.util.Comparator;

/**
 * One phase change of a scope, as the logs need it: one per scope and epoch.
 *
 * @param scopeKey      {@code host} or {@code tenant:<id>}
 * @param epoch         the scope's epoch after the change
 * @param tenantId      the scope's tenant, or {@code null} for the host
 * @param windowId      the window the scope is in after the change, or {@code null} after an end
 * @param phase         the phase after the change
 * @param previousPhase the phase before, or {@code null}
 * @param since         when the scope entered {@code phase}, or {@code null}
 * @param changedAt     when the change was committed
 * @param reason        the reason given
 * @param requestedBy   who asked
 * @param eventId       the CloudEvents id of the change
 */
public record PhaseFact(String scopeKey, long epoch, String tenantId, String windowId, String phase,
        String previousPhase, Instant since, Instant changedAt, String reason, String requestedBy, String eventId) {

    private static final Comparator<PhaseFact> PRECEDENCE = Comparator.comparing(PhaseFact::changedAt)
            .thenComparing(PhaseFact::eventId);

    /** When the scope entered the phase: {@code since}, else the time of the change. */
    public Instant at() {
        return since != null ? since : changedAt;
    }

    /**
     * Of two facts for the same scope and epoch, the one that stands: the later change, then the greater event id.
     * Commutative, associative and idempotent, like the database's upsert.
     */
    public PhaseFact merge(PhaseFact other) {
        return PRECEDENCE.compare(other, this) > 0 ? other : this;
    }
}
