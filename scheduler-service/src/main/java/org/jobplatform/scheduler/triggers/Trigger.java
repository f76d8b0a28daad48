package org.jobplatform.scheduler.triggers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A trigger of one tenant and where its schedule stands.
 *
 * @param id                 the trigger
 * @param tenantId           its tenant
 * @param name               its name
 * @param processName        the automation each execution asks a job for
 * @param robotId            a robot of the tenant, or {@code null} for any free one
 * @param inputArguments     input arguments as JSON text, or {@code null}
 * @param type               CRON, ONCE or INTERVAL
 * @param cron               the cron expression (CRON)
 * @param at                 the moment (ONCE)
 * @param intervalSeconds    the interval (INTERVAL)
 * @param timeZone           the zone cron times are read in
 * @param misfirePolicy      what happens to missed executions
 * @param exempt             keeps firing in maintenance (a system trigger; set by host admins only)
 * @param enabled            whether it fires at all
 * @param createdAt          when it was created (the anchor of an interval)
 * @param nextFireAt         the next scheduled time not yet recorded, or {@code null} when there is none
 * @param pendingExecutionId a skipped execution to be run once out of maintenance, or {@code null}
 */
public record Trigger(String id, String tenantId, String name, String processName, String robotId,
        String inputArguments, TriggerType type, String cron, Instant at, Long intervalSeconds, String timeZone,
        MisfirePolicy misfirePolicy, boolean exempt, boolean enabled, Instant createdAt, Instant nextFireAt,
        String pendingExecutionId) {

    /** The trigger's scheduled times. */
    public Schedule schedule() {
        switch (type) {
            case CRON:
                return new CronSchedule(cron, ZoneId.of(timeZone));
            case ONCE:
                return new OnceSchedule(at);
            default:
                return new IntervalSchedule(createdAt, Duration.ofSeconds(intervalSeconds));
        }
    }

    /** The same trigger with another next time and pending execution. */
    public Trigger advanced(Instant next, String pending) {
        return new Trigger(id, tenantId, name, processName, robotId, inputArguments, type, cron, at, intervalSeconds,
                timeZone, misfirePolicy, exempt, enabled, createdAt, next, pending);
    }
}
