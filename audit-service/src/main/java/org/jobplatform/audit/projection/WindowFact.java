package org.jobplatform.audit.projection;

import java.time.Instant;

/**
 * What one phase change says about its window: the window spans the epochs of every change that names it; it started
 * at the earliest of their times; its reason is the one of its latest epoch.
 *
 * @param windowId   the window
 * @param scopeKey   the scope it belongs to
 * @param tenantId   the scope's tenant, or {@code null} for a host window
 * @param startedAt  the earliest time seen
 * @param firstEpoch the smallest epoch seen
 * @param lastEpoch  the largest epoch seen
 * @param reason     the reason at {@code lastEpoch}
 */
public record WindowFact(String windowId, String scopeKey, String tenantId, Instant startedAt, long firstEpoch,
        long lastEpoch, String reason) {

    /** The window as two sets of changes together; commutative, associative and idempotent. */
    public WindowFact merge(WindowFact other) {
        boolean otherLater = other.lastEpoch > lastEpoch
                || (other.lastEpoch == lastEpoch && Facts.compareText(other.reason, reason) > 0);
        return new WindowFact(windowId, scopeKey, tenantId,
                other.startedAt.isBefore(startedAt) ? other.startedAt : startedAt,
                Math.min(firstEpoch, other.firstEpoch), Math.max(lastEpoch, other.lastEpoch),
                otherLater ? other.reason : reason);
    }
}
