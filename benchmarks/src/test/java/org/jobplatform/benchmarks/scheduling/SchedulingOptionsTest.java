package org.jobplatform.benchmarks.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SchedulingOptionsTest {

    @Test
    void defaults_areTwentyThousandTriggersOverAHundredTenantsForTwoNormalMinutes() {
        SchedulingOptions options = SchedulingOptions.parse(List.of());
        assertThat(options.triggers()).isEqualTo(20_000);
        assertThat(options.tenants()).isEqualTo(100);
        assertThat(options.minutes()).isEqualTo(2);
        assertThat(options.boundaries()).isEqualTo(4);
        assertThat(options.warmupMinutes()).isEqualTo(2);
    }

    @Test
    void optionsAreParsed_andTenantsGoRoundRobin() {
        SchedulingOptions options = SchedulingOptions.parse(List.of("--triggers=300", "--tenants=3", "--minutes=1",
                "--warmup-minutes=0"));
        assertThat(options).isEqualTo(new SchedulingOptions(300, 3, 1, 0));
        assertThat(options.tenantOf(0)).isEqualTo("tenant-000");
        assertThat(options.tenantOf(4)).isEqualTo("tenant-001");
        assertThat(options.tenantOf(299)).isEqualTo("tenant-002");
    }

    @Test
    void badValues_andUnknownOptions_areRefused() {
        assertThatThrownBy(() -> SchedulingOptions.parse(List.of("--triggers=many")))
                .hasMessageContaining("--triggers=many");
        assertThatThrownBy(() -> SchedulingOptions.parse(List.of("--minutes=0"))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SchedulingOptions.parse(List.of("--triggers=10", "--tenants=20")))
                .hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> SchedulingOptions.parse(List.of("--fast"))).hasMessageContaining("--fast");
        assertThatThrownBy(() -> SchedulingOptions.parse(List.of("--warmup-minutes=-1")))
                .hasMessageContaining("at least 0");
    }
}
