package org.jobplatform.benchmarks.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Cores used over a measured period, {@code NaN} where unknown: on two cores the load generator, the embedded
 * broker, PostgreSQL and the target share the machine, so these say where the time went.
 *
 * @param target    the target process (robot-gateway or the bare endpoint)
 * @param benchmark this JVM: the load generator, and the embedded Kafka broker that runs inside it
 * @param machine   the whole machine, from {@code /proc/stat}: everything above plus PostgreSQL, maintenance-service
 *                  and whatever else runs
 */
record CpuUse(double target, double benchmark, double machine) {

    /** Nothing known. */
    static final CpuUse UNKNOWN = new CpuUse(Double.NaN, Double.NaN, Double.NaN);

    /**
     * CPU counters read at one moment; -1 where unknown.
     *
     * @param nanoTime          {@link System#nanoTime()} when read
     * @param targetCpuNanos    CPU time of the target process so far
     * @param ownCpuNanos       CPU time of this JVM so far
     * @param machineBusyTicks  busy ticks of all CPUs since boot (all but idle and iowait)
     * @param machineTotalTicks all ticks of all CPUs since boot
     */
    record Reading(long nanoTime, long targetCpuNanos, long ownCpuNanos, long machineBusyTicks,
            long machineTotalTicks) {
    }

    /**
     * Reads the counters now.
     *
     * @param targetPid the target process
     * @return the reading
     */
    static Reading read(long targetPid) {
        long[] machine = machineTicks();
        return new Reading(System.nanoTime(), cpuNanos(ProcessHandle.of(targetPid).orElse(null)),
                cpuNanos(ProcessHandle.current()), machine[0], machine[1]);
    }

    /**
     * Computes the cores used between two readings.
     *
     * @param start the earlier reading
     * @param end   the later reading
     * @param cpus  the machine's CPU count
     * @return the cores used
     */
    static CpuUse between(Reading start, Reading end, int cpus) {
        double wall = end.nanoTime() - start.nanoTime();
        if (wall <= 0) {
            return UNKNOWN;
        }
        double target = start.targetCpuNanos() < 0 || end.targetCpuNanos() < 0 ? Double.NaN
                : (end.targetCpuNanos() - start.targetCpuNanos()) / wall;
        double benchmark = start.ownCpuNanos() < 0 || end.ownCpuNanos() < 0 ? Double.NaN
                : (end.ownCpuNanos() - start.ownCpuNanos()) / wall;
        long total = end.machineTotalTicks() - start.machineTotalTicks();
        double machine = start.machineTotalTicks() < 0 || end.machineTotalTicks() < 0 || total <= 0 ? Double.NaN
                : (double) (end.machineBusyTicks() - start.machineBusyTicks()) / total * cpus;
        return new CpuUse(target, benchmark, machine);
    }

    /**
     * Extracts busy and total ticks from the aggregate {@code cpu} line of a {@code /proc/stat} text.
     *
     * @param stat the file's content
     * @return {busy, total}, or {-1, -1} when the line is missing or unreadable
     */
    static long[] parseProcStat(String stat) {
        for (String line : stat.split("\\R")) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.substring(4).trim().split("\\s+");
                try {
                    long total = 0;
                    // user nice system idle iowait irq softirq steal; guest time is already in user and nice
                    int counted = Math.min(fields.length, 8);
                    for (int i = 0; i < counted; i++) {
                        total += Long.parseLong(fields[i]);
                    }
                    long idle = Long.parseLong(fields[3]) + (fields.length > 4 ? Long.parseLong(fields[4]) : 0);
                    return new long[] {total - idle, total};
                } catch (RuntimeException e) {
                    return new long[] {-1, -1};
                }
            }
        }
        return new long[] {-1, -1};
    }

    private static long[] machineTicks() {
        try {
            return parseProcStat(Files.readString(Path.of("/proc/stat")));
        } catch (IOException e) {
            return new long[] {-1, -1};
        }
    }

    private static long cpuNanos(ProcessHandle process) {
        if (process == null) {
            return -1;
        }
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
