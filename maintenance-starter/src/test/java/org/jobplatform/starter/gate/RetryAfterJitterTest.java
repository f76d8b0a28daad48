package org.jobplatform.starter.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.jobplatform.starter.MaintenanceProperties;
import org.jobplatform.starter.phase.PhaseView;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Clients refused together are told to come back at different seconds. */
class RetryAfterJitterTest {

    @Test
    void withoutJitter_retryAfterIsTheBase() {
        MaintenanceProperties.Gate gate = new MaintenanceProperties.Gate();
        gate.setRetryAfter(Duration.ofSeconds(45));
        MaintenanceGateFilter filter = new MaintenanceGateFilter(new PhaseView(), gate, new SimpleMeterRegistry());
        for (int i = 0; i < 50; i++) {
            assertThat(filter.retryAfterSeconds()).isEqualTo(45);
        }
    }

    @Test
    void withJitter_retryAfterSpreadsOverBaseToBasePlusJitter() {
        MaintenanceProperties.Gate gate = new MaintenanceProperties.Gate();
        gate.setRetryAfter(Duration.ofSeconds(10));
        gate.setRetryAfterJitter(Duration.ofSeconds(20));
        MaintenanceGateFilter filter = new MaintenanceGateFilter(new PhaseView(), gate, new SimpleMeterRegistry());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long value = filter.retryAfterSeconds();
            assertThat(value).isBetween(10L, 30L);
            seen.add(value);
        }
        // 21 possible values, 2000 draws: every one of them shows up (a miss has probability below 1e-40)
        assertThat(seen).hasSize(21);
    }
}
