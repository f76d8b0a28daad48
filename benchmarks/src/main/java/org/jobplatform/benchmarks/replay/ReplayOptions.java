package org.jobplatform.benchmarks.replay;

import java.util.List;
import java.util.Locale;

import org.jobplatform.benchmarks.Benchmarks;

/**
 * Options of the replay benchmark.
 *
 * @param events      events produced into the three topics the audit replays
 * @param windows     maintenance windows they belong to
 * @param serviceHeap audit-service's maximum heap, as {@code -Xmx} takes it
 */
public record ReplayOptions(int events, int windows, String serviceHeap) {

    /** Events by default, as the target names them. */
    public static final int DEFAULT_EVENTS = 1_000_000;
    /** Windows by default. */
    public static final int DEFAULT_WINDOWS = 1_000;
    /** audit-service's heap by default: the service image's. */
    public static final String DEFAULT_SERVICE_HEAP = "192m";
    /** Fewest events per window: the window's three phase changes and some work. */
    public static final int MIN_EVENTS_PER_WINDOW = 20;

    /** Validates. */
    public ReplayOptions {
        if (windows < 1) {
            throw new IllegalArgumentException("--windows must be at least 1");
        }
        if (!serviceHeap.matches("[1-9][0-9]*[mg]")) {
            throw new IllegalArgumentException("--service-heap=" + serviceHeap
                    + " is not a heap size such as 192m or 1g");
        }
        if (events < (long) windows * MIN_EVENTS_PER_WINDOW) {
            throw new IllegalArgumentException("--events (" + events + ") must be at least "
                    + MIN_EVENTS_PER_WINDOW + " per window (" + (long) windows * MIN_EVENTS_PER_WINDOW + ")");
        }
    }

    /**
     * Parses {@code --events=N --windows=N --service-heap=SIZE}; throws {@link IllegalArgumentException} naming a bad
     * argument.
     */
    public static ReplayOptions parse(List<String> args) {
        int events = DEFAULT_EVENTS;
        int windows = DEFAULT_WINDOWS;
        String heap = DEFAULT_SERVICE_HEAP;
        for (String arg : args) {
            if (arg.startsWith("--events=")) {
                events = Benchmarks.count(arg, "--events=");
            } else if (arg.startsWith("--windows=")) {
                windows = Benchmarks.count(arg, "--windows=");
            } else if (arg.startsWith("--service-heap=")) {
                heap = arg.substring("--service-heap=".length()).trim().toLowerCase(Locale.ROOT);
            } else {
                throw new IllegalArgumentException("Unknown option '" + arg + "'");
            }
        }
        return new ReplayOptions(events, windows, heap);
    }
}
