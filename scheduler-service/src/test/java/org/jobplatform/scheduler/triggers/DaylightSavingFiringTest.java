package org.jobplatform.scheduler.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.scheduler.support.Executions;
import org.jobplatform.scheduler.support.MutableClock;
import org.jobplatform.scheduler.support.SchedulerInstance;
import org.jobplatform.scheduler.support.Steps;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * What the service records for Europe/Berlin cron triggers through both daylight-saving changes of 2026: a daily
 * 02:30 trigger fires once each day, an hourly one every real hour (an instance of its own, whose clock is moved
 * to those nights).
 */
@UsesSharedInfrastructure
class DaylightSavingFiringTest {

    private static List<Instant> fired(SchedulerInstance instance, Trigger t) {
        return Executions.rows(instance.db(), t.id()).stream().peek(r -> assertThat(r.outcome())
                .isEqualTo(ExecutionOutcome.FIRED)).map(Executions.Row::scheduledAt).toList();
    }

    private static List<Instant> instants(String... values) {
        return java.util.Arrays.stream(values).map(Instant::parse).toList();
    }

    @Test
    void berlinCronTriggers_fireAtTheRightInstants_whenTheClocksGoForwardAndBack() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-28T23:10:00Z"));
        try (SchedulerInstance instance = SchedulerInstance.start("scheduler_dst", clock,
                "scheduler.misfire-threshold=1d")) {
            Steps steps = new Steps(instance.triggers(), instance.db(), clock);
            String tenant = Steps.newTenant();
            Trigger daily = steps.cron(tenant, "daily", "0 30 2 * * *", "Europe/Berlin", null, false);
            Trigger hourly = steps.cron(tenant, "hourly", "0 0 * * * *", "Europe/Berlin", null, false);
            steps.advance(Duration.ofMinutes(30), 10);
            assertThat(fired(instance, daily)).isEqualTo(instants("2026-03-29T01:30:00Z"));
            assertThat(fired(instance, hourly)).isEqualTo(instants("2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z",
                    "2026-03-29T02:00:00Z", "2026-03-29T03:00:00Z", "2026-03-29T04:00:00Z"));
            steps.delete(daily, hourly);

            clock.set(Instant.parse("2026-10-24T23:10:00Z"));
            daily = steps.cron(tenant, "daily", "0 30 2 * * *", "Europe/Berlin", null, false);
            hourly = steps.cron(tenant, "hourly", "0 0 * * * *", "Europe/Berlin", null, false);
            steps.advance(Duration.ofMinutes(30), 10);
            assertThat(fired(instance, daily)).isEqualTo(instants("2026-10-25T00:30:00Z"));
            assertThat(fired(instance, hourly)).isEqualTo(instants("2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z",
                    "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z", "2026-10-25T04:00:00Z"));
            steps.delete(daily, hourly);
        }
    }
}
