package org.jobplatform.benchmarks.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PropagationOptionsTest {

    @Test
    void defaultsAre200TransitionsAfter20Warmup() {
        assertThat(PropagationOptions.parse(List.of())).isEqualTo(new PropagationOptions(200, 20, false));
    }

    @Test
    void countsAreRead() {
        assertThat(PropagationOptions.parse(List.of("--transitions=50", "--warmup=0")))
                .isEqualTo(new PropagationOptions(50, 0, false));
    }

    @Test
    void unknownArgumentsAndInvalidCountsAreRefused() {
        assertThatThrownBy(() -> PropagationOptions.parse(List.of("--transitons=5")))
                .hasMessageContaining("Unknown argument '--transitons=5'");
        assertThatThrownBy(() -> PropagationOptions.parse(List.of("--transitions=0")))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> PropagationOptions.parse(List.of("--warmup=-1")))
                .hasMessageContaining("must not be negative");
    }
}
