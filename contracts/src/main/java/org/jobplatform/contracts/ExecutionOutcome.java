package org.jobplatform.contracts;

/**
 * What became of one execution of a trigger (one scheduled time).
 *
 * <ul>
 * <li>{@code FIRED}: a job was requested at its time.</li>
 * <li>{@code SKIPPED}: not run: the tenant was in maintenance (the execution carries the window), job-service refused
 * the request for maintenance, or the scheduler missed the time by more than its misfire threshold.</li>
 * <li>{@code RUN_AFTER_MAINTENANCE}: a skipped execution of a trigger with misfire policy
 * {@code RUN_ONCE_AFTER_MAINTENANCE}, run once after the window ended (or after the scheduler came back).</li>
 * <li>{@code BACKFILLED}: a skipped execution run later on an operator's request.</li>
 * </ul>
 */
public enum ExecutionOutcome {
    FIRED, SKIPPED, RUN_AFTER_MAINTENANCE, BACKFILLED
}
