package org.jobplatform.benchmarks.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JvmWorkTest {

    private static final String EXPOSITION = """
            # HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation
            # TYPE jvm_compilation_time_ms_total counter
            jvm_compilation_time_ms_total{compiler="HotSpot 64-Bit Tiered Compilers",service="job-service"} 106864.0
            jvm_compilation_time_ms_total_extra{service="job-service"} 5.0
            process_cpu_time_ns_total{service="job-service"} 5.91E10
            process_cpu_time_ns_total 1.0E9
            process_cpu_usage{service="job-service"} 0.25
            """;

    @Test
    void sum_addsEverySampleOfTheCounter_andNoOtherMetricWhoseNameStartsTheSame() {
        assertThat(JvmWork.sum(EXPOSITION, "jvm_compilation_time_ms_total")).hasValue(106_864.0);
        assertThat(JvmWork.sum(EXPOSITION, "process_cpu_time_ns_total")).hasValue(6.01E10);
        assertThat(JvmWork.sum(EXPOSITION, "process_cpu")).isEmpty();
        assertThat(JvmWork.sum("", "process_cpu_time_ns_total")).isEmpty();
    }

    @Test
    void since_subtractsTheEarlierReading_forTheJvmsReadBothTimes() {
        JvmWork before = new JvmWork(ordered("job-service", 1_000L, "robot-gateway", 500L),
                ordered("job-service", 10_000L, "robot-gateway", 8_000L));
        JvmWork after = new JvmWork(ordered("job-service", 1_350L, "robot-gateway", 520L, "robots and broker", 9L),
                ordered("job-service", 11_620L, "robot-gateway", 8_900L, "robots and broker", 40L));

        JvmWork spent = after.since(before);

        assertThat(spent.compilingMillis()).containsExactly(Map.entry("job-service", 350L),
                Map.entry("robot-gateway", 20L));
        assertThat(spent.describe()).isEqualTo("job-service 350 / 1,620, robot-gateway 20 / 900");
    }

    @Test
    void read_givesThisJvmsOwnFigures_whenNoServiceAnswers() {
        JvmWork now = JvmWork.read(HttpClient.newHttpClient(), List.of());

        assertThat(now.compilingMillis()).containsOnlyKeys(JvmWork.THIS_JVM);
        assertThat(now.cpuMillis()).containsOnlyKeys(JvmWork.THIS_JVM);
        assertThat(now.cpuMillis().get(JvmWork.THIS_JVM)).isPositive();
    }

    private static Map<String, Long> ordered(Object... pairs) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return map;
    }
}
