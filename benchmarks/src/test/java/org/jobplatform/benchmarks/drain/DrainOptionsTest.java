package org.jobplatform.benchmarks.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jobplatform.benchmarks.propagation.Latencies;
import org.junit.jupiter.api.Test;

class DrainOptionsTest {

    @Test
    void defaults_areTenThousandJobsOnAThousandRobots() {
        DrainOptions options = DrainOptions.parse(List.of());
        assertThat(options.jobs()).isEqualTo(10_000);
        assertThat(options.robots()).isEqualTo(1_000);
        assertThat(options.capacity()).isEqualTo(10);
        assertThat(options.warmupDrains()).isEqualTo(3);
    }

    @Test
    void warmupDrains_canBeNone_butNotFewer() {
        assertThat(DrainOptions.parse(List.of("--warmup-drains=0")).warmupDrains()).isZero();
        assertThat(DrainOptions.parse(List.of("--warmup-drains=2")).warmupDrains()).isEqualTo(2);
        assertThatThrownBy(() -> DrainOptions.parse(List.of("--warmup-drains=-1")))
                .hasMessageContaining("--warmup-drains");
    }

    @Test
    void serviceJvmOptions_defaultToTheDockerfiles_andAreSplitOnSpaces() {
        assertThat(DrainOptions.parse(List.of()).jvmOptions()).containsExactly("-Xms64m", "-Xmx192m",
                "-XX:+UseSerialGC");
        assertThat(DrainOptions.parse(List.of("--service-jvm-options=-Xmx256m  -XX:TieredStopAtLevel=1"))
                .jvmOptions()).containsExactly("-Xmx256m", "-XX:TieredStopAtLevel=1");
        assertThat(DrainOptions.parse(List.of("--service-jvm-options=")).jvmOptions()).isEmpty();
        assertThatThrownBy(() -> DrainOptions.parse(List.of("--service-jvm-options=-Xmx256m UseSerialGC")))
                .hasMessageContaining("UseSerialGC");
    }

    @Test
    void jobsMustBeAMultipleOfRobots_andUnknownOptionsAreRefused() {
        assertThat(DrainOptions.parse(List.of("--jobs=600", "--robots=60")).capacity()).isEqualTo(10);
        assertThatThrownBy(() -> DrainOptions.parse(List.of("--jobs=601", "--robots=60")))
                .hasMessageContaining("multiple");
        assertThatThrownBy(() -> DrainOptions.parse(List.of("--jobs=many"))).hasMessageContaining("--jobs=many");
        assertThatThrownBy(() -> DrainOptions.parse(List.of("--fast"))).hasMessageContaining("--fast");
    }

    @Test
    void stopsPerSecond_areJobsOverTheTimeToDrained() {
        DrainResult result = new DrainResult(new DrainOptions(10_000, 1_000, 0), Duration.ofMillis(20),
                Latencies.of(List.of(Duration.ofMillis(100), Duration.ofMillis(900))), Duration.ofMillis(2_500),
                Map.of(), new JvmWork(Map.of(), Map.of()));
        assertThat(result.stopsPerSecond()).isEqualTo(4_000.0);
    }
}
