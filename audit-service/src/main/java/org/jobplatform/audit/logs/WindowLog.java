package org.jobplatform.audit.logs;

import java.time.Instant;
import java.util.List;

/**
 * One maintenance window in one tenant's log, as the list shows it.
 *
 * @param windowId  the window
 * @param scope     {@code HOST} (every tenant) or {@code TENANT}
 * @param tenantId  the tenant whose log this is
 * @param startedAt when the window opened
 * @param endedAt   when it ended, or {@code null} while it is open
 * @param reason    the reason given, as of its latest change
 * @param phases    each phase the scope went through, in order, the end (NONE) included
 * @param summary   what the window interrupted in this tenant
 */
public record WindowLog(String windowId, String scope, String tenantId, Instant startedAt, Instant endedAt,
        String reason, List<PhaseEntry> phases, Summary summary) {

    /**
     * A phase the window's scope entered.
     *
     * @param phase the phase
     * @param at    when
     */
    public record PhaseEntry(String phase, Instant at) {
    }

    /**
     * What a window interrupted in one tenant.
     *
     * @param jobsStopped     jobs the window stopped
     * @param jobsKilled      jobs the window killed
     * @param triggersSkipped trigger executions the window skipped
     */
    public record Summary(long jobsStopped, long jobsKilled, long triggersSkipped) {
    }
}
