package org.jobplatform.benchmarks.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ReportTest {

    private static Latencies millis(int from, int to) {
        return Latencies.of(IntStream.rangeClosed(from, to).mapToObj(Duration::ofMillis).toList());
    }

    private static PropagationResult result(Latencies fromResponse, Latencies raw, long rssEndKb) {
        Map<String, OptionalLong> start = new LinkedHashMap<>();
        start.put("maintenance-service", OptionalLong.of(200 * 1024));
        start.put("job-service", OptionalLong.empty());
        Map<String, OptionalLong> end = new LinkedHashMap<>();
        end.put("maintenance-service", OptionalLong.of(rssEndKb));
        end.put("job-service", OptionalLong.of(100 * 1024));
        return new PropagationResult(new PropagationOptions(100, 10, false), 5, fromResponse, millis(11, 110),
                Latencies.of(IntStream.rangeClosed(-9, 90).mapToObj(Duration::ofMillis).toList()),
                List.of("transition 7, end (epoch 18): no ack within 10 s from [job-service-1]"), 0,
                lastToApply(70, 29), lastToApply(2, 1),
                new RawKafkaRoundTrip.Result(raw, List.of()), start, end);
    }

    private static Map<String, Integer> lastToApply(int maintenance, int jobs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("maintenance-service", maintenance);
        counts.put("job-service", jobs);
        return counts;
    }

    @Test
    void figuresMeetingTheTargets_arePasses_andNegativeValuesAreReportedAsClamped() {
        Latencies fromResponse = Latencies.of(IntStream.rangeClosed(-4, 95).mapToObj(Duration::ofMillis).toList());
        String text = Report.render(result(fromResponse, millis(40, 139), 250 * 1024));

        assertThat(text).containsPattern("propagation from 200 +100 +45\\.00 +94\\.00 +95\\.00");
        assertThat(text).contains("in 4 of 100 transitions every instance had applied the change before the 200"
                + " arrived (down to -4.00 ms); those count as 0.00 ms");
        assertThat(text).containsPattern("first instance, from 200 +100 +40\\.00 +89\\.00 +90\\.00");
        assertThat(text).contains("minus the 200; 9 of 100 negative, counted as 0.00 ms");
        assertThat(text).contains("failed transitions (not applied by all 5 instances within 10 s): 1 of 100",
                "transition 7, end (epoch 18)");
        assertThat(text).contains("= 94.00 / 138.00 ms = 0.68x");
        assertThat(text).contains("last instance to apply (all measured transitions / the 3 at or over 50 ms from"
                + " the 200): maintenance-service 70/2, job-service 29/1");
        assertThat(text).containsPattern("p99 propagation from 200 < 50 ms +94\\.00 ms +FAIL");
        assertThat(text).containsPattern("p99 propagation from 200 < 3x p99 raw +0\\.68x +PASS");
        assertThat(text).containsPattern("maintenance-service +200\\.0 +250\\.0 +< 300 +PASS");
        assertThat(text).containsPattern("job-service +n/a +100\\.0 +< 300 +UNKNOWN");
    }

    @Test
    void figuresMissingTheTargets_areFailures() {
        String text = Report.render(result(millis(1, 100), millis(1, 10), 310 * 1024));

        assertThat(text).contains("no transition had every instance applied before the 200 arrived");
        assertThat(text).containsPattern("p99 propagation from 200 < 3x p99 raw +9\\.90x +FAIL");
        assertThat(text).containsPattern("maintenance-service +200\\.0 +310\\.0 +< 300 +FAIL");
    }
}
