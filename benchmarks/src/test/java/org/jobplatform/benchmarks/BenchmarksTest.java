package org.jobplatform.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BenchmarksTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Benchmarks.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void withoutABenchmarkName_printsTheUsageAndFails() {
        assertThat(run()).isEqualTo(Benchmarks.USAGE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing benchmark name", "phase-propagation");
    }

    @Test
    void anUnknownBenchmark_isRefusedWithTheUsage() {
        assertThat(run("throughput")).isEqualTo(Benchmarks.USAGE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown benchmark 'throughput'", "Usage:");
    }

    @Test
    void help_listsTheBenchmarks() {
        assertThat(run("--help")).isEqualTo(Benchmarks.COMPLETED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("phase-propagation [--transitions=200] [--warmup=20]");
    }

    @Test
    void invalidOptionsOfABenchmark_areAUsageError_beforeAnythingStarts() {
        assertThat(run("phase-propagation", "--transitions=many")).isEqualTo(Benchmarks.USAGE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'many' is not a valid count");
        assertThat(run("phase-propagation", "--help")).isEqualTo(Benchmarks.COMPLETED);
    }

    @Test
    void theGatewayBenchmarkIsListedWithItsOptions() {
        assertThat(run("--help")).isEqualTo(Benchmarks.COMPLETED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("gateway [--robots=1000] [--concurrency=64]"
                + " [--warmup-seconds=20] [--measure-seconds=15]");
    }

    @Test
    void invalidGatewayOptions_areAUsageError_beforeAnythingStarts() {
        assertThat(run("gateway", "--concurrency=0")).isEqualTo(Benchmarks.USAGE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--concurrency must be 1 to 4096",
                "Usage: gateway [--robots=1000]");
        assertThat(run("gateway", "--help")).isEqualTo(Benchmarks.COMPLETED);
    }
}
