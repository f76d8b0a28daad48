package org.jobplatform.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

    @Test
    void defaultsAreAThousandRobots_64InFlight_20SecondsWarmupAnd15Measured() {
        GatewayOptions options = GatewayOptions.parse(List.of());

        assertThat(options).isEqualTo(new GatewayOptions(1000, 64, 20, 15, false));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.measure()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void valuesAreRead() {
        assertThat(GatewayOptions.parse(List.of("--robots=10", "--concurrency=8", "--warmup-seconds=0",
                "--measure-seconds=3"))).isEqualTo(new GatewayOptions(10, 8, 0, 3, false));
        assertThat(GatewayOptions.parse(List.of("--help")).help()).isTrue();
    }

    @Test
    void unknownArgumentsAndInvalidValuesAreRefused() {
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--warmup=5")))
                .hasMessageContaining("Unknown argument '--warmup=5'");
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--concurrency=lots")))
                .hasMessageContaining("'lots' is not a valid count");
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--robots=0"))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--concurrency=0"))).hasMessageContaining("1 to 4096");
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--warmup-seconds=-1")))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> GatewayOptions.parse(List.of("--measure-seconds=0")))
                .hasMessageContaining("at least 1");
    }
}
