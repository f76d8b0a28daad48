package org.jobplatform.audit.logs;

import java.time.Instant;
import java.util.List;

/**
 * One window in one tenant's log in full: the list's entry with the jobs and trigger executions themselves.
 *
 * @param windowId        the window
 * @param scope           {@code HOST} or {@code TENANT}
 * @param tenantId        the tenant whose log this is
 * @param startedAt       when the window opened
 * @param endedAt         when it ended, or {@code null} while it is open
 * @param reason          the reason given
 * @param phases          the phases, in order
 * @param summary         the counts
 * @param jobsStopped     the jobs it stopped, in the order they ended
 * @param jobsKilled      the jobs it killed, in the order they ended
 * @param triggersSkipped the executions it skipped, in scheduled order
 */
public record WindowLogDetail(String windowId, String scope, String tenantId, Instant startedAt, Instant endedAt,
        String reason, List<WindowLog.PhaseEntry> phases, WindowLog.Summary summary, List<JobEntry> jobsStopped,
        List<JobEntry> jobsKilled, List<SkipEntry> triggersSkipped) {

    /**
     * A job the window ended.
     *
     * @param jobId       the job
     * @param processName the automation it ran
     * @param robotId     the robot it ran on, or {@code null}
     * @param at          when it ended
     */
    public record JobEntry(String jobId, String processName, String robotId, Instant at) {
    }

    /**
     * A trigger execution the window skipped.
     *
     * @param triggerId   the trigger
     * @param triggerName its name, or {@code null} when only job-service's refusal is known
     * @param scheduledAt the execution's scheduled time
     * @param outcome     {@code SKIPPED}, or {@code RUN_AFTER_MAINTENANCE} / {@code BACKFILLED} when it ran later
     */
    public record SkipEntry(String triggerId, String triggerName, Instant scheduledAt, String outcome) {
    }
}
