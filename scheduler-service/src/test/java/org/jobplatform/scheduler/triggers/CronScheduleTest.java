package org.jobplatform.scheduler.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Cron times in a named zone fire at the right instants across daylight-saving changes (Europe/Berlin, 2026). */
class CronScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static List<Instant> times(String cron, String from, int count) {
        CronSchedule schedule = new CronSchedule(cron, BERLIN);
        List<Instant> times = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            t = schedule.next(t);
            times.add(t);
        }
        return times;
    }

    private static List<Instant> instants(String... values) {
        return java.util.Arrays.stream(values).map(Instant::parse).toList();
    }

    @Test
    void springForward_anHourlyTriggerFiresEveryRealHour_andSkipsTheHourThatDoesNotExist() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z)
        assertThat(times("0 0 * * * *", "2026-03-28T23:30:00Z", 4))
                .isEqualTo(instants("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z",
                        "2026-03-29T03:00:00Z"));
    }

    @Test
    void springForward_aDailyTriggerInTheSkippedHour_firesShiftedByTheGap_onceADay() {
        // 02:30 does not exist on 2026-03-29: it fires at 03:30 CEST (01:30Z); the days around keep 02:30
        assertThat(times("0 30 2 * * *", "2026-03-27T12:00:00Z", 4))
                .isEqualTo(instants("2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z",
                        "2026-03-31T00:30:00Z"));
    }

    @Test
    void springForward_aTriggerComputedJustAfterTheChange_stillFiresTheShiftedTime() {
        assertThat(times("0 30 2 * * *", "2026-03-29T01:10:00Z", 1)).isEqualTo(instants("2026-03-29T01:30:00Z"));
    }

    @Test
    void fallBack_anHourlyTriggerFiresEveryRealHour_includingBothTwoOClocks() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00Z); 02:00 local happens at 00:00Z and 01:00Z
        assertThat(times("0 0 * * * *", "2026-10-24T23:30:00Z", 4))
                .isEqualTo(instants("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z",
                        "2026-10-25T03:00:00Z"));
    }

    @Test
    void fallBack_aDailyTriggerInTheRepeatedHour_firesOnce_atItsFirstOccurrence() {
        assertThat(times("0 30 2 * * *", "2026-10-23T12:00:00Z", 4))
                .isEqualTo(instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z",
                        "2026-10-27T01:30:00Z"));
    }

    @Test
    void fallBack_aTriggerComputedDuringTheSecondPassOfTheHour_doesNotFireItAgain() {
        assertThat(times("0 30 2 * * *", "2026-10-25T01:10:00Z", 1)).isEqualTo(instants("2026-10-26T01:30:00Z"));
    }

    @Test
    void everyHalfHour_followsRealTime_acrossFallBack() {
        assertThat(times("0 */30 * * * *", "2026-10-25T00:10:00Z", 4))
                .isEqualTo(instants("2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z",
                        "2026-10-25T02:00:00Z"));
    }

    @Test
    void utc_everyTwoSeconds_isEvenSeconds() {
        CronSchedule schedule = new CronSchedule("*/2 * * * * *", ZoneId.of("UTC"));
        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:01.500Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:02Z"))).isEqualTo(Instant.parse("2026-01-01T00:00:04Z"));
    }

    @Test
    void anInterval_countsFromItsAnchor_withoutDrift() {
        IntervalSchedule schedule = new IntervalSchedule(Instant.parse("2026-01-01T00:00:00Z"),
                java.time.Duration.ofSeconds(10));
        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:27.3Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:30Z"))).isEqualTo(Instant.parse("2026-01-01T00:00:40Z"));
    }
}
