package org.jobplatform.benchmarks.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ResidentMemoryTest {

    @Test
    void readsTheVmRssLine() {
        String status = String.join("\n", "Name:\tjava", "VmPeak:\t 4000000 kB", "VmRSS:\t  245760 kB",
                "RssAnon:\t  200000 kB");
        assertThat(ResidentMemory.parse(status)).hasValue(245_760L);
    }

    @Test
    void aStatusWithoutVmRssGivesNothing() {
        assertThat(ResidentMemory.parse("Name:\tzombie\nState:\tZ (zombie)\n")).isEmpty();
    }

    @Test
    void readsThisProcessOnLinux() {
        assumeTrue(Files.exists(Path.of("/proc/self/status")));
        assertThat(ResidentMemory.kilobytes(ProcessHandle.current().pid())).isPresent();
        assertThat(ResidentMemory.kilobytes(Long.MAX_VALUE)).isEmpty();
    }
}
