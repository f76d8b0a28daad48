package org.jobplatform.scheduler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.scheduler.support.Executions;
import org.jobplatform.scheduler.support.MutableClock;
import org.jobplatform.scheduler.support.SchedulerInstance;
import org.jobplatform.scheduler.support.Steps;
import org.jobplatform.scheduler.triggers.Schedule;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one schema share 500 triggers through five minutes of simulated time; one stops halfway. Every
 * scheduled time is recorded once and requested once (one request id and one event id per trigger and time: the
 * outbox may re-send an event, never make a second one), and none is lost.
 */
@UsesSharedInfrastructure
class ClusterFiringTest {

    private static final String SCHEMA = "scheduler_cluster";
    // small batches so that both instances work at every step; a long threshold so that a slow step is not a misfire
    private static final String[] SETTINGS = {"scheduler.batch-size=50", "scheduler.misfire-threshold=1h"};

    @Test
    void twoInstances_fiveHundredTriggers_fiveMinutes_everyExecutionExactlyOnce_evenWhenOneStopsMidway() {
        MutableClock clock = new MutableClock(Instant.parse("2026-07-01T12:00:00Z"));
        SchedulerInstance a = SchedulerInstance.start(SCHEMA, clock, SETTINGS);
        SchedulerInstance b = SchedulerInstance.start(SCHEMA, clock, SETTINGS);
        List<Trigger> triggers = new ArrayList<>();
        try {
            Steps steps = new Steps(a.triggers(), a.db(), clock);
            for (int i = 0; i < 250; i++) {
                String tenant = "cluster" + (i % 10);
                triggers.add(steps.interval(tenant, "interval-" + i, 20, null));
                triggers.add(steps.cron(tenant, "cron-" + i, "*/30 * * * * *", null, null, false));
            }
            for (int step = 1; step <= 60; step++) {
                Executions.settle(a.db(), clock.advance(Duration.ofSeconds(5)));
                if (step == 30) {
                    b.close();
                }
            }
            Instant end = clock.instant();
            Executions.published(a.db());

            Map<String, List<Executions.Row>> rows = Executions.allRows(a.db()).stream()
                    .collect(Collectors.groupingBy(Executions.Row::triggerId));
            Map<String, Map<Instant, List<Executions.Request>>> requests = Executions
                    .requests(triggers.stream().map(Trigger::id).toList()).stream()
                    .collect(Collectors.groupingBy(r -> r.request().triggerId(),
                            Collectors.groupingBy(r -> r.request().scheduledAt())));
            long total = 0;
            for (Trigger t : triggers) {
                Set<Instant> expected = times(t.schedule(), t.createdAt(), end);
                List<Executions.Row> recorded = rows.getOrDefault(t.id(), List.of());
                assertThat(recorded).as(t.name()).extracting(Executions.Row::scheduledAt)
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(recorded).as(t.name())
                        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED));
                Map<Instant, List<Executions.Request>> sent = requests.getOrDefault(t.id(), Map.of());
                assertThat(sent.keySet()).as(t.name()).containsExactlyInAnyOrderElementsOf(expected);
                sent.forEach((time, copies) -> {
                    assertThat(copies.stream().map(Executions.Request::eventId).distinct()).as(t.name() + " " + time)
                            .hasSize(1);
                    assertThat(copies.stream().map(r -> r.request().requestId()).distinct()).hasSize(1);
                });
                total += expected.size();
            }
            assertThat(total).isEqualTo(250 * 15 + 250 * 10);
        } finally {
            a.close();
            b.close();
        }
    }

    private static Set<Instant> times(Schedule schedule, Instant from, Instant upTo) {
        Set<Instant> times = new TreeSet<>();
        for (Instant t = schedule.next(from); t != null && !t.isAfter(upTo); t = schedule.next(t)) {
            times.add(t);
        }
        return times;
    }
}
