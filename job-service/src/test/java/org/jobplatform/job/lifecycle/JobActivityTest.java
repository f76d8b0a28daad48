package org.jobplatform.job.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Waiting for the end of this instance's drain sweeps. */
class JobActivityTest {

    private final JobActivity activity = new JobActivity();

    @Test
    void withNoSweepRunning_nothingWaits() {
        assertThat(activity.awaitNoSweep(Duration.ofHours(1))).isTrue();
        activity.sweepStarted();
        activity.sweepEnded();
        assertThat(activity.awaitNoSweep(Duration.ofHours(1))).isTrue();
    }

    @Test
    void aWaitEndsWithTheLastOfTheSweeps() throws Exception {
        activity.sweepStarted();
        activity.sweepStarted();
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> activity.awaitNoSweep(
                Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> activity.waitingForSweep() == 1);
        activity.sweepEnded();
        // one sweep still runs: the waiter is still there
        assertThat(activity.waitingForSweep()).isEqualTo(1);
        assertThat(waited).isNotDone();
        activity.sweepEnded();
        assertThat(waited.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(activity.waitingForSweep()).isZero();
    }

    @Test
    void aSweepThatDoesNotEnd_isWaitedForAtMostTheLimit() {
        activity.sweepStarted();
        assertThat(activity.awaitNoSweep(Duration.ofMillis(50))).isFalse();
        assertThat(activity.awaitNoSweep(Duration.ZERO)).isFalse();
        assertThat(activity.waitingForSweep()).isZero();
    }
}
