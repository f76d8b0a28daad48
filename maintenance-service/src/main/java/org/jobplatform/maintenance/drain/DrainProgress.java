package org.jobplatform.maintenance.drain;

import java.time.Instant;

/**
 * Job counts of a scope (one tenant, or the sum over tenants for the host).
 *
 * @param runningJobs  confirmed running
 * @param stoppingJobs sent Stop or Kill, not yet confirmed ended
 * @param pendingJobs  held
 * @param asOf         the newest report counted, or {@code null} if none
 */
public record DrainProgress(long runningJobs, long stoppingJobs, long pendingJobs, Instant asOf) {

    /** No report yet. */
    public static final DrainProgress NONE = new DrainProgress(0, 0, 0, null);

    /** Jobs not yet confirmed ended: what blocks a suspension. */
    public long notEnded() {
        return runningJobs + stoppingJobs;
    }
}
