package org.jobplatform.benchmarks.propagation;

import java.util.List;

import org.jobplatform.benchmarks.Benchmarks;

/**
 * The options of the phase-propagation benchmark.
 *
 * @param transitions measured host phase transitions (and measured raw Kafka round trips)
 * @param warmup      transitions (and raw round trips) run first and left out of the figures
 * @param help        whether only the usage text was asked for
 */
public record PropagationOptions(int transitions, int warmup, boolean help) {

    /** Measured transitions when {@code --transitions} is not given. */
    public static final int DEFAULT_TRANSITIONS = 200;
    /** Warmup transitions when {@code --warmup} is not given. */
    public static final int DEFAULT_WARMUP = 20;

    /** Checks the counts. */
    public PropagationOptions {
        if (transitions < 1) {
            throw new IllegalArgumentException("--transitions must be at least 1, got " + transitions);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must not be negative, got " + warmup);
        }
    }

    /**
     * Parses {@code --transitions=N}, {@code --warmup=N} and {@code --help}.
     *
     * @param args the arguments after the benchmark name
     * @return the options
     * @throws IllegalArgumentException for an unknown argument or a value that is not a valid count
     */
    public static PropagationOptions parse(List<String> args) {
        int transitions = DEFAULT_TRANSITIONS;
        int warmup = DEFAULT_WARMUP;
        boolean help = false;
        for (String arg : args) {
            if (arg.startsWith("--transitions=")) {
                transitions = Benchmarks.count(arg, "--transitions=");
            } else if (arg.startsWith("--warmup=")) {
                warmup = Benchmarks.count(arg, "--warmup=");
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
        }
        return new PropagationOptions(transitions, warmup, help);
    }
}
