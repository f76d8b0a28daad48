package org.jobplatform.benchmarks;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.jobplatform.benchmarks.drain.DrainBenchmark;
import org.jobplatform.benchmarks.gateway.GatewayBenchmark;
import org.jobplatform.benchmarks.propagation.PhasePropagationBenchmark;
import org.jobplatform.benchmarks.scheduling.SchedulingBenchmark;
import org.jobplatform.benchmarks.replay.ReplayBenchmark;

/** Runs the benchmark named by the first argument and exits with its status. */
public final class Benchmarks {

    /** Exit status of a benchmark that ran to the end, whether or not its targets were met. */
    public static final int COMPLETED = 0;
    /** Exit status of a benchmark that could not run to the end. */
    public static final int FAILED = 1;
    /** Exit status for missing or invalid arguments. */
    public static final int USAGE_ERROR = 2;

    /** Usage text printed for {@code --help} and after an invalid argument. */
    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar benchmarks/target/benchmarks-exec.jar BENCHMARK [options]",
            "Benchmarks:",
            "  " + PhasePropagationBenchmark.NAME + " " + PhasePropagationBenchmark.USAGE_OPTIONS,
            "      " + PhasePropagationBenchmark.SUMMARY,
            "  " + GatewayBenchmark.NAME + " " + GatewayBenchmark.USAGE_OPTIONS,
            "      " + GatewayBenchmark.SUMMARY,
            "  " + DrainBenchmark.NAME + " " + DrainBenchmark.USAGE_OPTIONS,
            "      " + DrainBenchmark.SUMMARY,
            "  " + SchedulingBenchmark.NAME + " " + SchedulingBenchmark.USAGE_OPTIONS,
            "      " + SchedulingBenchmark.SUMMARY,
            "  " + ReplayBenchmark.NAME + " " + ReplayBenchmark.USAGE_OPTIONS,
            "      " + ReplayBenchmark.SUMMARY,
            "Run from inside the project after ./mvnw -q install -DskipTests; ports 8081-8085 must be free.");

    private Benchmarks() {
    }

    /**
     * Runs a benchmark and exits the JVM with {@link #COMPLETED}, {@link #FAILED} or {@link #USAGE_ERROR}.
     *
     * @param args the benchmark name followed by its options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the benchmark named by {@code args[0]} with the remaining arguments.
     *
     * @param args the benchmark name followed by its options
     * @param out  where figures and progress go
     * @param err  where usage errors and failures go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("Missing benchmark name");
            err.println(USAGE);
            return USAGE_ERROR;
        }
        String name = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            out.println(USAGE);
            return COMPLETED;
        }
        if (name.equals(PhasePropagationBenchmark.NAME)) {
            return PhasePropagationBenchmark.main(options, out, err);
        }
        if (name.equals(GatewayBenchmark.NAME)) {
            return GatewayBenchmark.main(options, out, err);
        }
        if (name.equals(DrainBenchmark.NAME)) {
            return DrainBenchmark.main(options, out, err);
        }
        if (name.equals(SchedulingBenchmark.NAME)) {
            return SchedulingBenchmark.main(options, out, err);
        }
        if (name.equals(ReplayBenchmark.NAME)) {
            return ReplayBenchmark.main(options, out, err);
        }
        err.println("Unknown benchmark '" + name + "'");
        err.println(USAGE);
        return USAGE_ERROR;
    }

    /**
     * Measures, prints the report, and always stops what the benchmark started, also when the JVM is stopped
     * (Ctrl-C) meanwhile; on a failure prints it with the last lines of the services' logs.
     *
     * @param name      the benchmark's name
     * @param measure   runs the benchmark and renders its report
     * @param stop      stops what it started; must be idempotent
     * @param logTails  prints the services' last log lines after a failure
     * @return {@link #COMPLETED} or {@link #FAILED}
     */
    public static int measure(String name, PrintStream out, PrintStream err, Callable<String> measure, Runnable stop,
            Consumer<PrintStream> logTails) {
        Thread hook = new Thread(stop, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.print(measure.call());
            out.flush();
            return COMPLETED;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println();
            err.println(name + " failed: " + BenchmarkStack.describe(e));
            logTails.accept(err);
            return FAILED;
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                out.println("(shutting down)");
            }
        }
    }

    /**
     * A whole number given as {@code --name=N}.
     *
     * @throws IllegalArgumentException naming the argument when the value is not a whole number
     */
    public static int count(String arg, String prefix) {
        String value = arg.substring(prefix.length()).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid count in '" + arg + "'");
        }
    }

    /** Prints an invalid argument and the benchmark's usage; returns {@link #USAGE_ERROR}. */
    public static int usageError(PrintStream err, String name, String usageOptions, IllegalArgumentException e) {
        err.println(e.getMessage());
        err.println("Usage: " + name + " " + usageOptions);
        return USAGE_ERROR;
    }

    /** Prints the benchmark's usage and what it measures; returns {@link #COMPLETED}. */
    public static int help(PrintStream out, String name, String usageOptions, String summary) {
        out.println("Usage: " + name + " " + usageOptions);
        out.println("  " + summary);
        return COMPLETED;
    }
}
