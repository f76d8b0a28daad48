package org.jobplatform.scheduler.triggers;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import org.jobplatform.starter.web.Names;

/**
 * A new trigger as asked for, validated: every rule the API answers 400 for is here, each with a message that says
 * what is wrong and what is accepted.
 */
public record TriggerDefinition(String name, String processName, String robotId, String inputArguments,
        TriggerType type, String cron, Instant at, Long intervalSeconds, String timeZone, MisfirePolicy misfirePolicy,
        boolean exempt) {

    /** The zone cron times are read in when none is given. */
    public static final String DEFAULT_TIME_ZONE = "UTC";

    /**
     * Validates a request.
     *
     * @param now the scheduler's clock, against which a ONCE moment must be in the future
     * @throws IllegalArgumentException naming the first field that is wrong
     */
    public static TriggerDefinition of(String name, String processName, String robotId, String inputArguments,
            String type, String cron, String at, Long intervalSeconds, String timeZone, String misfirePolicy,
            Boolean exempt, Instant now) {
        String validName = Names.check(name, "name", true);
        String process = Names.check(processName, "processName", true);
        String robot = Names.check(robotId, "robotId", false);
        TriggerType triggerType = TriggerType.parse(type);
        if (triggerType != TriggerType.CRON && cron != null) {
            throw new IllegalArgumentException("cron applies to type CRON only, not " + triggerType);
        }
        if (triggerType != TriggerType.ONCE && at != null) {
            throw new IllegalArgumentException("at applies to type ONCE only, not " + triggerType);
        }
        if (triggerType != TriggerType.INTERVAL && intervalSeconds != null) {
            throw new IllegalArgumentException("intervalSeconds applies to type INTERVAL only, not " + triggerType);
        }
        String zone = zone(timeZone);
        String validCron = null;
        Instant moment = null;
        switch (triggerType) {
            case CRON:
                validCron = cron(cron, zone, now);
                break;
            case ONCE:
                moment = moment(at, now);
                break;
            default:
                if (intervalSeconds == null) {
                    throw new IllegalArgumentException("intervalSeconds is required for type INTERVAL");
                }
                if (intervalSeconds < 1) {
                    throw new IllegalArgumentException("intervalSeconds must be at least 1, got " + intervalSeconds);
                }
        }
        MisfirePolicy policy = misfirePolicy == null || misfirePolicy.isBlank()
                ? (triggerType == TriggerType.ONCE ? MisfirePolicy.RUN_ONCE_AFTER_MAINTENANCE : MisfirePolicy.SKIP)
                : MisfirePolicy.parse(misfirePolicy);
        return new TriggerDefinition(validName, process, robot, inputArguments, triggerType, validCron, moment,
                triggerType == TriggerType.INTERVAL ? intervalSeconds : null, zone, policy,
                Boolean.TRUE.equals(exempt));
    }

    private static String zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return DEFAULT_TIME_ZONE;
        }
        try {
            return ZoneId.of(timeZone.trim()).getId();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone '" + timeZone + "' is not a known time zone: use an IANA "
                    + "zone id such as Europe/Berlin, or UTC", e);
        }
    }

    private static String cron(String cron, String zone, Instant now) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("cron is required for type CRON: six fields, seconds first, "
                    + "e.g. \"0 30 2 * * *\"");
        }
        CronSchedule schedule;
        try {
            schedule = new CronSchedule(cron.trim(), ZoneId.of(zone));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron '" + cron + "' is not a valid cron expression (six fields, "
                    + "seconds first, e.g. \"0 30 2 * * *\"): " + e.getMessage(), e);
        }
        if (schedule.next(now) == null) {
            throw new IllegalArgumentException("cron '" + cron + "' never fires");
        }
        return cron.trim();
    }

    private static Instant moment(String at, Instant now) {
        if (at == null || at.isBlank()) {
            throw new IllegalArgumentException("at is required for type ONCE: an ISO-8601 moment such as "
                    + "2030-01-01T02:00:00Z");
        }
        Instant moment;
        try {
            moment = OffsetDateTime.parse(at.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at '" + at + "' is not an ISO-8601 moment with an offset, such as "
                    + "2030-01-01T02:00:00Z", e);
        }
        if (!moment.isAfter(now)) {
            throw new IllegalArgumentException("at " + moment + " is in the past (it is now " + now
                    + "): a ONCE trigger needs a moment in the future");
        }
        return moment;
    }
}
