package org.jobplatform.benchmarks.drain;

import java.util.Arrays;
import java.util.List;

import org.jobplatform.benchmarks.Benchmarks;
import org.jobplatform.localstack.ServiceProcess;

/**
 * Options of the drain benchmark.
 *
 * @param jobs         running jobs to drain
 * @param robots       simulated robots running them (each runs jobs / robots at once)
 * @param warmupDrains drains of as many jobs before the measured one, each ended before the next jobs start: the
 *                     first drains of a process run code its compiler is still compiling, and their figures are
 *                     printed apart (decision 23)
 * @param jvmOptions   the JVM options of maintenance-service, job-service and robot-gateway; by default those of a
 *                     long-running service ({@link ServiceProcess#SERVER_JVM_OPTIONS}, the Dockerfile's)
 */
public record DrainOptions(int jobs, int robots, int warmupDrains, List<String> jvmOptions) {

    /** Jobs by default, as the target names them. */
    public static final int DEFAULT_JOBS = 10_000;
    /** Robots by default. */
    public static final int DEFAULT_ROBOTS = 1_000;
    /** Warm-up drains by default: the compiler is still busy in a process's second drain (decision 23). */
    public static final int DEFAULT_WARMUP_DRAINS = 3;

    /** Validates. */
    public DrainOptions {
        if (jobs < 1 || robots < 1) {
            throw new IllegalArgumentException("--jobs and --robots must be at least 1");
        }
        if (warmupDrains < 0) {
            throw new IllegalArgumentException("--warmup-drains must be at least 0");
        }
        jvmOptions = List.copyOf(jvmOptions);
        if (jvmOptions.stream().anyMatch(o -> !o.startsWith("-"))) {
            throw new IllegalArgumentException("--service-jvm-options takes JVM options separated by spaces, each "
                    + "starting with '-', got " + jvmOptions);
        }
        if (jobs % robots != 0) {
            throw new IllegalArgumentException("--jobs (" + jobs + ") must be a multiple of --robots (" + robots
                    + "), so every robot runs the same number of jobs");
        }
    }

    /** Default JVM options, the given counts. */
    public DrainOptions(int jobs, int robots, int warmupDrains) {
        this(jobs, robots, warmupDrains, ServiceProcess.SERVER_JVM_OPTIONS);
    }

    /** Jobs each robot runs at once. */
    public int capacity() {
        return jobs / robots;
    }

    /**
     * Parses {@code --jobs=N --robots=N --warmup-drains=N --service-jvm-options="-Xmx.. -XX:.."}; throws
     * {@link IllegalArgumentException} naming a bad argument.
     */
    public static DrainOptions parse(List<String> args) {
        int jobs = DEFAULT_JOBS;
        int robots = DEFAULT_ROBOTS;
        int warmupDrains = DEFAULT_WARMUP_DRAINS;
        List<String> jvmOptions = ServiceProcess.SERVER_JVM_OPTIONS;
        for (String arg : args) {
            if (arg.startsWith("--jobs=")) {
                jobs = Benchmarks.count(arg, "--jobs=");
            } else if (arg.startsWith("--robots=")) {
                robots = Benchmarks.count(arg, "--robots=");
            } else if (arg.startsWith("--warmup-drains=")) {
                warmupDrains = Benchmarks.count(arg, "--warmup-drains=");
            } else if (arg.startsWith("--service-jvm-options=")) {
                String value = arg.substring("--service-jvm-options=".length()).trim();
                jvmOptions = value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
            } else {
                throw new IllegalArgumentException("Unknown option '" + arg + "'");
            }
        }
        return new DrainOptions(jobs, robots, warmupDrains, jvmOptions);
    }
}
