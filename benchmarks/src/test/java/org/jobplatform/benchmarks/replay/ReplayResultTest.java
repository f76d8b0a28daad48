package org.jobplatform.benchmarks.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReplayResultTest {

    @Test
    void ratesComeFromTheReport() {
        ReplayResult result = ReplayResult.of(Map.of("state", "SWAPPED", "eventsRead", 1_000_000, "readSeconds", 4.0,
                "startedAt", "2026-01-01T00:00:00Z", "finishedAt", "2026-01-01T00:00:05Z", "comparisonMillis", 700,
                "comparison", Map.of("equal", true, "differences", 0)), Duration.ofSeconds(8));
        assertThat(result.readPerSecond()).isEqualTo(250_000.0);
        assertThat(result.endToEndPerSecond()).isEqualTo(200_000.0);
        assertThat(result.equal()).isTrue();
        assertThat(result.serviceCpu()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aFailedReplay_isAnError_withItsReason() {
        Map<String, Object> report = new HashMap<>(Map.of("state", "FAILED", "error", "database gone"));
        assertThatThrownBy(() -> ReplayResult.of(report, null)).hasMessageContaining("FAILED: database gone");
    }
}
