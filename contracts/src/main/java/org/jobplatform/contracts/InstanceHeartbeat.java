package org.jobplatform.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * An instance is alive.
 *
 * @param service       the service name
 * @param instanceId    unique per running instance
 * @param ready         whether the instance has caught up with the phase topic and serves requests
 * @param appliedEpochs every scope's epoch this instance has applied
 * @param intervalMs    the interval at which this instance sends heartbeats
 * @param at            when the heartbeat was sent
 */
public record InstanceHeartbeat(String service, String instanceId, boolean ready, Map<String, Long> appliedEpochs,
        long intervalMs, Instant at) {
}
