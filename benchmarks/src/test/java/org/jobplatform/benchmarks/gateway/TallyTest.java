package org.jobplatform.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class TallyTest {

    private static final long START = 1_000_000_000L;
    private static final long END = START + 2_000_000_000L;

    @Test
    void onlyAnswersArrivingInTheMeasuredPeriodCount_whenEverTheirRequestLeft() {
        Tally tally = new Tally(200, "pollAfterMs", START, END);

        tally.answered(START - 5_000_000, START - 1, 200, "{\"pollAfterMs\":5000}");
        tally.answered(START - 3_000_000, START + 1_000_000, 200, "{\"pollAfterMs\":5000}");
        tally.answered(START + 10_000_000, START + 12_000_000, 200, "{\"commands\":[],\"pollAfterMs\":5000}");
        tally.answered(END - 1_000_000, END, 200, "{\"pollAfterMs\":5000}");
        LoadResult result = tally.result("heartbeats", CpuUse.UNKNOWN);

        assertThat(result.latencies().count()).isEqualTo(2);
        assertThat(result.latencies().max()).isEqualTo(Duration.ofMillis(4));
        assertThat(result.warmupAnswers()).isEqualTo(1);
        assertThat(result.measured()).isEqualTo(Duration.ofSeconds(2));
        assertThat(result.perSecond()).isEqualTo(1.0);
    }

    @Test
    void otherStatusesWrongBodiesAndFailuresAreErrorsByKind() {
        Tally tally = new Tally(200, "pollAfterMs", START, END);

        tally.answered(START, START + 1, 503, "{}");
        tally.answered(START, START + 2, 503, "{}");
        tally.answered(START, START + 3, 200, "{}");
        tally.failed(START + 4, new TimeoutException());
        tally.failed(START - 1, new IOException());
        tally.answered(START - 9, START - 2, 500, "{}");
        LoadResult result = tally.result("heartbeats", CpuUse.UNKNOWN);

        assertThat(result.errors()).containsExactly(java.util.Map.entry("HTTP 200 without pollAfterMs", 1L),
                java.util.Map.entry("HTTP 503", 2L), java.util.Map.entry("TimeoutException", 1L));
        assertThat(result.errorCount()).isEqualTo(4);
        assertThat(result.warmupErrors()).isEqualTo(2);
        assertThat(result.latencies().count()).isZero();
    }

    @Test
    void aRefusalTarget_countsEvery503WhateverItsBody() {
        Tally tally = new Tally(503, null, START, END);

        tally.answered(START, START + 1_000_000, 503, "");
        tally.answered(START, START + 1_000_000, 200, "{\"pollAfterMs\":5000}");

        LoadResult result = tally.result("503s", CpuUse.UNKNOWN);
        assertThat(result.latencies().count()).isEqualTo(1);
        assertThat(result.errors()).containsOnlyKeys("HTTP 200");
    }
}
