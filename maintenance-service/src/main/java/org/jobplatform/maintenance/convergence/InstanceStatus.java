package org.jobplatform.maintenance.convergence;

import java.time.Instant;
import java.util.Map;

/**
 * What the view knows of one instance.
 *
 * @param service       the service name
 * @param instanceId    the instance
 * @param appliedEpochs every scope's applied epoch
 * @param lastSeen      when its last ack or heartbeat was sent
 * @param intervalMs    its heartbeat interval
 * @param ready         whether it serves (its phase view caught up)
 */
public record InstanceStatus(String service, String instanceId, Map<String, Long> appliedEpochs, Instant lastSeen,
        long intervalMs, boolean ready) {

    /** The epoch applied for a scope; 0 if it never saw that scope change. */
    public long appliedEpoch(String scope) {
        return appliedEpochs == null ? 0 : appliedEpochs.getOrDefault(scope, 0L);
    }
}
