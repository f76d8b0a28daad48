package org.jobplatform.benchmarks.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesUseTheNearestRank() {
        List<Duration> samples = new ArrayList<>(IntStream.rangeClosed(1, 200).mapToObj(Duration::ofMillis).toList());
        Collections.shuffle(samples);
        Latencies latencies = Latencies.of(samples);

        assertThat(latencies.count()).isEqualTo(200);
        assertThat(latencies.percentile(50)).isEqualTo(Duration.ofMillis(100));
        assertThat(latencies.percentile(99)).isEqualTo(Duration.ofMillis(198));
        assertThat(latencies.max()).isEqualTo(Duration.ofMillis(200));
        assertThat(latencies.min()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void negativeSamplesAreCountedAndCanBeClampedAtZero() {
        Latencies latencies = Latencies.of(List.of(Duration.ofMillis(-3), Duration.ofMillis(-1), Duration.ofMillis(4)));

        assertThat(latencies.negativeCount()).isEqualTo(2);
        assertThat(latencies.min()).isEqualTo(Duration.ofMillis(-3));
        Latencies clamped = latencies.clampedAtZero();
        assertThat(clamped.negativeCount()).isZero();
        assertThat(clamped.percentile(50)).isEqualTo(Duration.ZERO);
        assertThat(clamped.max()).isEqualTo(Duration.ofMillis(4));
    }

    @Test
    void anEmptySetHasNoPercentile() {
        assertThatThrownBy(() -> Latencies.of(List.of()).percentile(50)).isInstanceOf(IllegalStateException.class);
    }
}
