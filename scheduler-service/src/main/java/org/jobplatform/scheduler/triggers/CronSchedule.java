package org.jobplatform.scheduler.triggers;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;

import org.springframework.scheduling.support.CronExpression;

/**
 * A Spring six-field cron expression (seconds first) in a time zone, with the daylight-saving rules of the classic
 * Unix cron.
 * <ul>
 * <li>An expression with {@code *} as its minute or hour field ("every minute", "every hour") follows real time:
 * it fires at each matching instant, so an hourly trigger fires every real hour, twice at 02:00 when the clocks go
 * back and not at all at the 02:00 that does not exist when they go forward.</li>
 * <li>Any other expression names wall-clock times of day, and each of them fires once a day: a time in the hour the
 * clocks go back fires at its first occurrence only, and a time in the hour that is skipped when they go forward
 * fires shifted by the length of the gap (02:30 becomes 03:30 summer time, as {@link ZonedDateTime#of} resolves
 * it), so a daily 02:30 trigger runs every day, once.</li>
 * </ul>
 * Spring's {@link CronExpression} alone would run such a daily trigger twice on the day the clocks go back and
 * not at all on the day they go forward.
 */
public final class CronSchedule implements Schedule {

    private final String expression;
    private final CronExpression cron;
    private final ZoneId zone;
    private final boolean wallClock;

    /**
     * @throws IllegalArgumentException when the expression is not a valid six-field cron expression
     */
    public CronSchedule(String expression, ZoneId zone) {
        this.expression = expression;
        this.cron = CronExpression.parse(expression);
        this.zone = zone;
        String[] fields = expression.trim().split("\\s+");
        this.wallClock = fields.length == 6 && !"*".equals(fields[1]) && !"*".equals(fields[2]);
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public Instant next(Instant after) {
        if (!wallClock) {
            ZonedDateTime next = cron.next(after.atZone(zone));
            return next == null ? null : next.toInstant();
        }
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
        ZoneOffsetTransition previous = zone.getRules().previousTransition(after.plusNanos(1));
        if (previous != null && previous.isGap() && after.isBefore(previous.getInstant().plus(previous.getDuration()))) {
            // just after clocks went forward: a wall-clock time of the gap may still be due, shifted past "after"
            cursor = previous.getDateTimeBefore().minusNanos(1);
        }
        // local times resolved before "after" (a repeated hour's first occurrence, the start of a gap) are passed
        for (int round = 0; round < 100_000; round++) {
            LocalDateTime local = cron.next(cursor);
            if (local == null) {
                return null;
            }
            Instant resolved = resolve(local);
            if (resolved.isAfter(after)) {
                return resolved;
            }
            cursor = local;
        }
        return null;
    }

    /** A wall-clock time as an instant: the earlier offset in an overlap, shifted by the gap in a gap. */
    private Instant resolve(LocalDateTime local) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = zone.getRules().getTransition(local);
            return local.toInstant(gap.getOffsetBefore());
        }
        return local.toInstant(offsets.get(0));
    }

    @Override
    public String toString() {
        return expression + " " + zone;
    }
}
