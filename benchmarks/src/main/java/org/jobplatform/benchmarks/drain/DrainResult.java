package org.jobplatform.benchmarks.drain;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.jobplatform.benchmarks.propagation.Latencies;

/**
 * What a drain measured, each time counted from the moment the DRAINING request was sent.
 *
 * @param options  the run's options
 * @param answered when the maintenance API answered 200
 * @param stops    when each robot received its job's Stop
 * @param drained  when job-service applied the last robot's STOPPED report (its change's {@code ce_time})
 * @param stages   when each job passed each stage seen on the broker
 * @param work     what each JVM spent from just before the request (its counters read, then 0.5 s of pause) to
 *                 every job seen STOPPED
 */
public record DrainResult(DrainOptions options, Duration answered, Latencies stops, Duration drained,
        Map<DrainTimeline.Stage, Latencies> stages, JvmWork work) {

    /** Stops confirmed end to end per second: jobs over the time to drained. */
    public double stopsPerSecond() {
        return options.jobs() / (drained.toNanos() / 1e9);
    }

    /** Prints the figures and whether the targets were met. */
    public void print(PrintStream out, String title, Duration targetStops, Duration targetDrained) {
        out.println();
        out.println(title);
        out.printf(Locale.ROOT, "  DRAINING answered after       %8.1f ms%n", millis(answered));
        out.printf(Locale.ROOT, "  Stop received: first %.1f ms, p50 %.1f ms, p99 %.1f ms, last %.1f ms%n",
                millis(stops.min()), millis(stops.percentile(50)), millis(stops.percentile(99)), millis(stops.max()));
        out.println("  by stage (first, p50, p99, last; jobs seen):");
        stages.forEach((stage, at) -> {
            out.printf(Locale.ROOT, "    %-44s %8.1f %8.1f %8.1f %8.1f ms; %d%n", stage.label, millis(at.min()),
                    millis(at.percentile(50)), millis(at.percentile(99)), millis(at.max()), at.count());
            if (stage == DrainTimeline.Stage.STOP_PUBLISHED) {
                out.printf(Locale.ROOT, "    %-44s %8.1f %8.1f %8.1f %8.1f ms; %d%n", "Stop received by the robot",
                        millis(stops.min()), millis(stops.percentile(50)), millis(stops.percentile(99)),
                        millis(stops.max()), stops.count());
            }
        });
        out.printf(Locale.ROOT, "  every job STOPPED after       %8.1f ms (%.0f stops/s end to end)%n", millis(drained),
                stopsPerSecond());
        out.println("  from 0.5 s before the request to every job seen STOPPED, compiler / CPU (ms): "
                + work.describe());
        out.printf(Locale.ROOT, "  target: every Stop within %d ms: %s; drained within %d ms: %s%n",
                targetStops.toMillis(), stops.max().compareTo(targetStops) <= 0 ? "met" : "missed",
                targetDrained.toMillis(), drained.compareTo(targetDrained) <= 0 ? "met" : "missed");
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
