package org.jobplatform.benchmarks.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void defaults_areAMillionEventsInAThousandWindows() {
        ReplayOptions options = ReplayOptions.parse(List.of());
        assertThat(options.events()).isEqualTo(1_000_000);
        assertThat(options.windows()).isEqualTo(1_000);
    }

    @Test
    void tooFewEventsPerWindow_andUnknownOptions_areRefused() {
        assertThat(ReplayOptions.parse(List.of("--events=2000", "--windows=100")).windows()).isEqualTo(100);
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--events=1999", "--windows=100")))
                .hasMessageContaining("at least 20 per window");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--windows=0"))).hasMessageContaining("--windows");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--events=lots"))).hasMessageContaining("--events=lots");
        assertThatThrownBy(() -> ReplayOptions.parse(List.of("--fast"))).hasMessageContaining("--fast");
    }
}
