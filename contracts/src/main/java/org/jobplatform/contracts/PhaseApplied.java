package org.jobplatform.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * An instance applied a phase change.
 *
 * @param service       the service name
 * @param instanceId    unique per running instance
 * @param scope         the scope whose change was applied
 * @param epoch         the epoch applied
 * @param appliedAt     when the instance applied it
 * @param appliedEpochs every scope's epoch this instance has applied
 */
public record PhaseApplied(String service, String instanceId, String scope, long epoch, Instant appliedAt,
        Map<String, Long> appliedEpochs) {
}
