package org.jobplatform.benchmarks.scheduling;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** CPU time used so far by processes and threads, in nanoseconds; -1 where the platform does not tell. */
final class Cpu {

    /** Linux's USER_HZ: /proc reports CPU times in these ticks. */
    private static final long TICK_NANOS = 10_000_000L;

    private Cpu() {
    }

    /** CPU time of a process (user + system) so far. */
    static long process(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    /** CPU time of this JVM so far. */
    static long self() {
        return process(ProcessHandle.current().pid());
    }

    /** CPU time so far of the live threads of this JVM whose name starts with the prefix. */
    static long threads(String namePrefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(namePrefix)) {
                long cpu = threads.getThreadCpuTime(thread.getId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    /**
     * CPU time so far of the PostgreSQL server whose data folder is under {@code dataDir}: its postmaster (with the
     * time of its children that have exited) and its live backends.
     */
    static long postgres(Path dataDir) {
        Optional<ProcessHandle> postmaster = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir.toString()))
                        .orElse(false))
                .findFirst();
        if (postmaster.isEmpty()) {
            return -1;
        }
        long total = ticks(postmaster.get().pid(), true);
        if (total < 0) {
            return -1;
        }
        total += postmaster.get().descendants().mapToLong(p -> Math.max(0, ticks(p.pid(), false))).sum();
        return total * TICK_NANOS;
    }

    /** utime + stime (+ cutime + cstime) from /proc/PID/stat, in ticks; -1 when unreadable. */
    static long ticks(long pid, boolean withExitedChildren) {
        try {
            return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), withExitedChildren);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Parses a /proc/PID/stat line: fields 14-17 are utime, stime, cutime, cstime. */
    static long parseStat(String stat, boolean withExitedChildren) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is the state (field 3), so field N is fields[N - 3]
        long total = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withExitedChildren) {
            total += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return total;
    }
}
