package org.jobplatform.benchmarks.replay;

import java.util.List;

import org.jobplatform.benchmarks.Benchmarks;

/**
 * Options of the replay benchmark.
 *
 * @param events  events produced into the three topics the audit replays
 * @param windows maintenance windows they belong to
 */
public record ReplayOptions(int events, int windows) {

    /** Events by default, as the target names them. */
    public static final int DEFAULT_EVENTS = 1_000_000;
    /** Windows by default. */
    public static final int DEFAULT_WINDOWS = 1_000;
    /** Fewest events per window: the window's three phase changes and some work. */
    public static final int MIN_EVENTS_PER_WINDOW = 20;

    /** Validates. */
    public ReplayOptions {
        if (windows < 1) {
            throw new IllegalArgumentException("--windows must be at least 1");
        }
        if (events < (long) windows * MIN_EVENTS_PER_WINDOW) {
            throw new IllegalArgumentException("--events (" + events + ") must be at least "
                    + MIN_EVENTS_PER_WINDOW + " per window (" + (long) windows * MIN_EVENTS_PER_WINDOW + ")");
        }
    }

    /** Parses {@code --events=N --windows=N}; throws {@link IllegalArgumentException} naming a bad argument. */
    public static ReplayOptions parse(List<String> args) {
        int events = DEFAULT_EVENTS;
        int windows = DEFAULT_WINDOWS;
        for (String arg : args) {
            if (arg.startsWith("--events=")) {
                events = Benchmarks.count(arg, "--events=");
            } else if (arg.startsWith("--windows=")) {
                windows = Benchmarks.count(arg, "--windows=");
            } else {
                throw new IllegalArgumentException("Unknown option '" + arg + "'");
            }
        }
        return new ReplayOptions(events, windows);
    }
}
