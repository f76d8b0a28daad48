package org.jobplatform.benchmarks.scheduling;

import java.util.List;

import org.jobplatform.benchmarks.Benchmarks;

/**
 * Options of the scheduling benchmark.
 *
 * @param triggers active CRON triggers, each firing every minute at second 0
 * @param tenants  tenants they are spread over (round robin)
 * @param minutes  normal minute boundaries measured before the maintenance window (the window then covers one more
 *                 boundary, and one boundary follows its end); Quartz runs this many boundaries too
 * @param warmupMinutes boundaries each scheduler runs before the measured ones, reported apart: the first boundaries
 *                 after a JVM starts run its code before the just-in-time compiler has compiled it
 */
public record SchedulingOptions(int triggers, int tenants, int minutes, int warmupMinutes) {

    /** Triggers by default, as the target names them. */
    public static final int DEFAULT_TRIGGERS = 20_000;
    /** Tenants by default. */
    public static final int DEFAULT_TENANTS = 100;
    /** Normal minutes by default. */
    public static final int DEFAULT_MINUTES = 2;
    /**
     * Warm-up minutes by default: two, since the just-in-time compiler is still compiling the firing path and the
     * Kafka producer's send path at the second boundary after the scheduler's JVM started (decision 17).
     */
    public static final int DEFAULT_WARMUP_MINUTES = 2;

    /** Validates. */
    public SchedulingOptions {
        if (triggers < 1 || tenants < 1 || minutes < 1) {
            throw new IllegalArgumentException("--triggers, --tenants and --minutes must be at least 1");
        }
        if (warmupMinutes < 0) {
            throw new IllegalArgumentException("--warmup-minutes must be at least 0");
        }
        if (tenants > triggers) {
            throw new IllegalArgumentException("--tenants (" + tenants + ") must not exceed --triggers (" + triggers
                    + "): every tenant gets at least one trigger");
        }
        if (tenants > 1000) {
            throw new IllegalArgumentException("--tenants must be at most 1000 (tenant-000 .. tenant-999)");
        }
    }

    /** The tenant of the {@code index}-th trigger (0-based): tenant-000, tenant-001, ... round robin. */
    public String tenantOf(int index) {
        return String.format(java.util.Locale.ROOT, "tenant-%03d", index % tenants);
    }

    /** Every minute boundary measured by our scheduler: the normal ones, the window's and the one after. */
    public int boundaries() {
        return minutes + 2;
    }

    /**
     * Parses {@code --triggers=N --tenants=N --minutes=N --warmup-minutes=N}; throws {@link IllegalArgumentException} on a bad
     * one.
     */
    public static SchedulingOptions parse(List<String> args) {
        int triggers = DEFAULT_TRIGGERS;
        int tenants = DEFAULT_TENANTS;
        int minutes = DEFAULT_MINUTES;
        int warmupMinutes = DEFAULT_WARMUP_MINUTES;
        for (String arg : args) {
            if (arg.startsWith("--triggers=")) {
                triggers = Benchmarks.count(arg, "--triggers=");
            } else if (arg.startsWith("--tenants=")) {
                tenants = Benchmarks.count(arg, "--tenants=");
            } else if (arg.startsWith("--warmup-minutes=")) {
                warmupMinutes = Benchmarks.count(arg, "--warmup-minutes=");
            } else if (arg.startsWith("--minutes=")) {
                minutes = Benchmarks.count(arg, "--minutes=");
            } else {
                throw new IllegalArgumentException("Unknown option '" + arg + "'");
            }
        }
        return new SchedulingOptions(triggers, tenants, minutes, warmupMinutes);
    }
}
