package org.jobplatform.benchmarks.gateway;

import java.time.Duration;
import java.util.List;

import org.jobplatform.benchmarks.Benchmarks;

/**
 * The options of the gateway benchmark.
 *
 * @param robots         robots registered for tenant acme; the requests use their credentials in turn
 * @param concurrency    requests in flight at any time (closed loop: each answer starts the next request)
 * @param warmupSeconds  seconds of load per target before the measured period, left out of the figures
 * @param measureSeconds seconds of measured load per target
 * @param help           whether only the usage text was asked for
 */
public record GatewayOptions(int robots, int concurrency, int warmupSeconds, int measureSeconds, boolean help) {

    /** Robots when {@code --robots} is not given. */
    public static final int DEFAULT_ROBOTS = 1000;
    /** Requests in flight when {@code --concurrency} is not given. */
    public static final int DEFAULT_CONCURRENCY = 64;
    /**
     * Warmup seconds when {@code --warmup-seconds} is not given: long enough for the first target, robot-gateway's
     * heartbeats, to be measured warm, with the broker's new traffic compiled too (decision 24).
     */
    public static final int DEFAULT_WARMUP_SECONDS = 20;
    /** Measured seconds when {@code --measure-seconds} is not given. */
    public static final int DEFAULT_MEASURE_SECONDS = 15;
    /** More requests in flight than this would only measure the client's connection handling. */
    public static final int MAX_CONCURRENCY = 4096;

    /** Checks the values. */
    public GatewayOptions {
        if (robots < 1) {
            throw new IllegalArgumentException("--robots must be at least 1, got " + robots);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be 1 to " + MAX_CONCURRENCY + ", got "
                    + concurrency);
        }
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("--warmup-seconds must not be negative, got " + warmupSeconds);
        }
        if (measureSeconds < 1) {
            throw new IllegalArgumentException("--measure-seconds must be at least 1, got " + measureSeconds);
        }
    }

    /**
     * Parses {@code --robots=N}, {@code --concurrency=N}, {@code --warmup-seconds=N}, {@code --measure-seconds=N}
     * and {@code --help}.
     *
     * @param args the arguments after the benchmark name
     * @return the options
     * @throws IllegalArgumentException for an unknown argument or a value that is not a valid count
     */
    public static GatewayOptions parse(List<String> args) {
        int robots = DEFAULT_ROBOTS;
        int concurrency = DEFAULT_CONCURRENCY;
        int warmup = DEFAULT_WARMUP_SECONDS;
        int measure = DEFAULT_MEASURE_SECONDS;
        boolean help = false;
        for (String arg : args) {
            if (arg.startsWith("--robots=")) {
                robots = Benchmarks.count(arg, "--robots=");
            } else if (arg.startsWith("--concurrency=")) {
                concurrency = Benchmarks.count(arg, "--concurrency=");
            } else if (arg.startsWith("--warmup-seconds=")) {
                warmup = Benchmarks.count(arg, "--warmup-seconds=");
            } else if (arg.startsWith("--measure-seconds=")) {
                measure = Benchmarks.count(arg, "--measure-seconds=");
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
        }
        return new GatewayOptions(robots, concurrency, warmup, measure, help);
    }

    /**
     * Returns the warmup per target.
     *
     * @return the warmup
     */
    public Duration warmup() {
        return Duration.ofSeconds(warmupSeconds);
    }

    /**
     * Returns the measured period per target.
     *
     * @return the measured period
     */
    public Duration measure() {
        return Duration.ofSeconds(measureSeconds);
    }
}
