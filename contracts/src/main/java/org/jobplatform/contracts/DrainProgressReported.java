package org.jobplatform.contracts;

import java.time.Instant;

/**
 * Robot-confirmed job counts of one tenant, published by job-service whenever they change in a window and
 * periodically while a window is open.
 *
 * @param tenantId     the tenant counted
 * @param windowId     the window the drain belongs to, or {@code null} outside maintenance
 * @param runningJobs  jobs a robot confirmed as running
 * @param stoppingJobs jobs sent Stop or Kill and not yet confirmed ended
 * @param pendingJobs  jobs held, waiting for a robot or for the end of the window
 * @param asOf         when the counts were taken
 */
public record DrainProgressReported(String tenantId, String windowId, long runningJobs, long stoppingJobs,
        long pendingJobs, Instant asOf) {
}
