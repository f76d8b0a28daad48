package org.jobplatform.agent;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A job a robot pretends to run: it reports RUNNING, writes a log line every {@code logEveryMs} for
 * {@code durationMs} and reports its {@code outcome}, all taken from the START command's input arguments. A Stop
 * ends it at its next step, or {@code stopWithinMs} after the Stop if that is sooner (0: at once, as a robot that
 * stops immediately would). Each step
 * is a task scheduled on the shared scheduler, so a job holds no thread while it "works".
 */
final class SimulatedJob {

    static final long DEFAULT_DURATION_MS = 2000;
    static final long DEFAULT_LOG_EVERY_MS = 250;
    /** Faster steps would let one job flood the outbox. */
    static final long MIN_LOG_EVERY_MS = 10;

    /** What a job needs from its robot. */
    interface Host {

        /** Puts an item in the robot's outbox. */
        void write(OutboxItem item);

        /** The job ended; its final state report was written before. */
        void ended(SimulatedJob job, ReportedState state);

        ScheduledExecutorService scheduler();
    }

    private final Host host;
    private final String jobId;
    private final String processName;
    private final long durationMs;
    private final long logEveryMs;
    private final ReportedState outcome;
    private final String argumentProblem;
    private final long stopWithinMs;

    private long startedNanos;
    private long nextAtMs;
    private int step;
    private ScheduledFuture<?> next;
    private boolean stopRequested;
    private String stopReason;
    private boolean ended;

    private SimulatedJob(Host host, String jobId, String processName, long durationMs, long logEveryMs,
            ReportedState outcome, String argumentProblem, long stopWithinMs) {
        this.host = host;
        this.jobId = jobId;
        this.processName = processName;
        this.durationMs = durationMs;
        this.logEveryMs = logEveryMs;
        this.outcome = outcome;
        this.argumentProblem = argumentProblem;
        this.stopWithinMs = stopWithinMs;
    }

    /** A job as its START command describes it; unusable arguments fall back to defaults and are logged. */
    static SimulatedJob of(Command start, Host host) {
        Map<String, Object> arguments = start.inputArguments();
        StringBuilder problems = new StringBuilder();
        long duration = number(arguments, "durationMs", DEFAULT_DURATION_MS, 0, problems);
        long logEvery = number(arguments, "logEveryMs", DEFAULT_LOG_EVERY_MS, MIN_LOG_EVERY_MS, problems);
        long stopWithin = number(arguments, "stopWithinMs", logEvery, 0, problems);
        ReportedState outcome = ReportedState.SUCCESSFUL;
        Object value = arguments.get("outcome");
        if (value != null) {
            String text = value.toString().toUpperCase(Locale.ROOT);
            if (text.equals("SUCCESSFUL") || text.equals("FAULTED")) {
                outcome = ReportedState.valueOf(text);
            } else {
                // a job told to end in a way it cannot is a faulted job, not a silently successful one
                outcome = ReportedState.FAULTED;
                problems.append("outcome '").append(value).append("' is neither SUCCESSFUL nor FAULTED; ");
            }
        }
        String process = start.processName() == null ? "unnamed process" : start.processName();
        return new SimulatedJob(host, start.jobId(), process, duration, logEvery, outcome,
                problems.length() == 0 ? null : problems.toString().trim(), stopWithin);
    }

    String jobId() {
        return jobId;
    }

    synchronized void start() {
        startedNanos = System.nanoTime();
        host.write(OutboxItem.state(jobId, ReportedState.RUNNING, null));
        line("INFO", "started " + processName + " (" + durationMs + " ms, a line every " + logEveryMs + " ms)");
        if (argumentProblem != null) {
            line("WARN", "input arguments: " + argumentProblem);
        }
        nextAtMs = Math.min(logEveryMs, durationMs);
        scheduleNext();
    }

    /** Asks the job to end at its next step; {@code false} if it has ended or was asked already. */
    synchronized boolean requestStop(String reason) {
        if (ended || stopRequested) {
            return false;
        }
        stopRequested = true;
        stopReason = reason;
        if (stopWithinMs < logEveryMs) {
            cancelNext();
            next = host.scheduler().schedule(this::tick, stopWithinMs, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Ends the job now; {@code false} if it has ended already. */
    synchronized boolean kill(String reason) {
        if (ended) {
            return false;
        }
        cancelNext();
        end(ReportedState.KILLED, reason == null ? "killed on request" : reason);
        return true;
    }

    /** The agent stops: the job ends now as if asked to stop, so the server learns that it no longer runs. */
    synchronized void shutDown() {
        if (ended) {
            return;
        }
        cancelNext();
        line("INFO", "stopped: the robot agent is shutting down");
        end(ReportedState.STOPPED, "robot agent shut down");
    }

    private synchronized void tick() {
        if (ended) {
            return;
        }
        step++;
        if (stopRequested) {
            line("INFO", "stopped");
            end(ReportedState.STOPPED, stopReason == null ? "stopped on request" : stopReason);
            return;
        }
        if (nextAtMs >= durationMs) {
            boolean ok = outcome == ReportedState.SUCCESSFUL;
            line(ok ? "INFO" : "ERROR", "finished " + outcome);
            end(outcome, ok ? null : argumentProblem == null ? "simulated fault" : argumentProblem);
            return;
        }
        line("INFO", "step " + step + " of " + processName);
        nextAtMs = Math.min(nextAtMs + logEveryMs, durationMs);
        scheduleNext();
    }

    private void scheduleNext() {
        // relative to the start, so a slow scheduler does not stretch the job
        long delay = startedNanos + TimeUnit.MILLISECONDS.toNanos(nextAtMs) - System.nanoTime();
        next = host.scheduler().schedule(this::tick, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel(false);
        }
    }

    private void line(String level, String message) {
        host.write(OutboxItem.log(UUID.randomUUID().toString(), jobId, level, message, Instant.now().toString()));
    }

    private void end(ReportedState state, String message) {
        ended = true;
        // the report is written before the job leaves the running set: see Courier's heartbeat
        host.write(OutboxItem.state(jobId, state, message));
        host.ended(this, state);
    }

    private static long number(Map<String, Object> arguments, String name, long fallback, long min,
            StringBuilder problems) {
        Object value = arguments.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = value instanceof Number ? ((Number) value).longValue() : Long.parseLong(value.toString());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.append(name).append(" '").append(value).append("' is not a number of at least ").append(min)
                .append(", using ").append(fallback).append("; ");
        return fallback;
    }
}
