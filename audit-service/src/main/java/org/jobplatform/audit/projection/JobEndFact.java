package org.jobplatform.audit.projection;

import java.time.Instant;
import java.util.Comparator;

/**
 * A job a maintenance window ended: its final state is STOPPED or KILLED and its final change carries the window.
 *
 * @param jobId       the job
 * @param tenantId    its tenant
 * @param windowId    the window that ended it
 * @param endState    {@code STOPPED} or {@code KILLED}
 * @param processName the automation it ran
 * @param robotId     the robot it ran on, or {@code null}
 * @param endedAt     when it ended
 * @param reason      the reason of the final change ({@code MAINTENANCE}, or {@code ROBOT} when its robot confirmed)
 */
public record JobEndFact(String jobId, String tenantId, String windowId, String endState, String processName,
        String robotId, Instant endedAt, String reason) {

    private static final Comparator<JobEndFact> PRECEDENCE = Comparator.comparing(JobEndFact::endedAt)
            .thenComparing(JobEndFact::endState).thenComparing(JobEndFact::windowId);

    /**
     * Of two ends of one job (a job ends once, so only a duplicate), the later one; commutative, associative and
     * idempotent.
     */
    public JobEndFact merge(JobEndFact other) {
        return PRECEDENCE.compare(other, this) > 0 ? other : this;
    }
}
