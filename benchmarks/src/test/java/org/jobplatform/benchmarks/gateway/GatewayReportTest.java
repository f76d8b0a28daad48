package org.jobplatform.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import org.jobplatform.benchmarks.propagation.Latencies;
import org.junit.jupiter.api.Test;

class GatewayReportTest {

    /** {@code count} answers in a 10 s period, the latencies 1 ms to {@code count} ms. */
    private static LoadResult load(String label, int status, int count, Map<String, Long> errors) {
        Latencies latencies = Latencies.of(IntStream.rangeClosed(1, count).mapToObj(Duration::ofMillis).toList());
        return new LoadResult(label, status, Duration.ofSeconds(10), latencies, errors, 50, 1,
                new CpuUse(1.25, 0.5, Double.NaN));
    }

    private static GatewayResult result(int heartbeats, int bare, int refusals) {
        Map<String, OptionalLong> start = new LinkedHashMap<>();
        start.put("robot-gateway", OptionalLong.of(200 * 1024));
        start.put("bare-endpoint", OptionalLong.empty());
        Map<String, OptionalLong> end = new LinkedHashMap<>();
        end.put("robot-gateway", OptionalLong.of(250 * 1024));
        end.put("bare-endpoint", OptionalLong.of(150 * 1024));
        return new GatewayResult(new GatewayOptions(1000, 64, 5, 10, false),
                load("heartbeats (robot-gateway)", 200, heartbeats, Map.of("HTTP 500", 3L)),
                load("bare endpoint", 200, bare, Map.of()),
                load("503s in SUSPENDED", 503, refusals, Map.of()), start, end);
    }

    @Test
    void ratesAreAnswersPerSecond_andTheRatiosAreAgainstTheBareEndpoint() {
        String text = GatewayReport.render(result(7000, 10000, 9500));

        assertThat(text).contains("1000 robots of tenant acme, 64 requests in flight (closed loop), per target 5 s"
                + " warmup then 10 s measured");
        assertThat(text).containsPattern("heartbeats \\(robot-gateway\\) +200 +700\\.0 +3500\\.00 +6930\\.00"
                + " +7000\\.00 +3 +1\\.25 +0\\.50 +n/a");
        assertThat(text).containsPattern("bare endpoint +200 +1000\\.0 ");
        assertThat(text).containsPattern("503s in SUSPENDED +503 +950\\.0 ");
        assertThat(text).contains("heartbeats (robot-gateway): 7000 answers, errors HTTP 500 x3; warmup: 50"
                + " answers, 1 errors", "bare endpoint: 10000 answers, no errors");
        assertThat(text).contains("heartbeats / bare = 700.0 / 1000.0 per s = 70.0%",
                "503s / bare = 950.0 / 1000.0 per s = 95.0%");
        assertThat(text).containsPattern("heartbeats/s >= 60% of the bare endpoint's +70\\.0% +PASS");
        assertThat(text).containsPattern("503s/s in SUSPENDED >= 90% of the bare endpoint's +95\\.0% +PASS");
        assertThat(text).containsPattern("robot-gateway +200\\.0 +250\\.0");
        assertThat(text).containsPattern("bare-endpoint +n/a +150\\.0");
    }

    @Test
    void ratesBelowTheTargetsAreFailures() {
        String text = GatewayReport.render(result(5990, 10000, 8990));

        assertThat(text).containsPattern("heartbeats/s >= 60% of the bare endpoint's +59\\.9% +FAIL");
        assertThat(text).containsPattern("503s/s in SUSPENDED >= 90% of the bare endpoint's +89\\.9% +FAIL");
    }

    @Test
    void aTargetWithoutAnswers_isShownWithoutPercentiles_andABareRateOfZeroFailsBothTargets() {
        String text = GatewayReport.render(result(0, 0, 0));

        assertThat(text).containsPattern("bare endpoint +200 +0\\.0 +- +- +-");
        assertThat(GatewayReport.ratio(5, 0)).isZero();
        assertThat(text).containsPattern("heartbeats/s >= 60% .* +0\\.0% +FAIL");
    }
}
