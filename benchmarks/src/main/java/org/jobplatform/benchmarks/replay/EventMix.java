package org.jobplatform.benchmarks.replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.contracts.TriggerExecutionRecorded;

import tools.jackson.databind.json.JsonMapper;

/**
 * Realistic traffic of the three topics the audit replays, as CloudEvents the way the services publish them: a series
 * of maintenance windows (every fourth one host-wide, the others of one tenant), each with its phase changes
 * (DRAINING, SUSPENDED, the end) and what happened meanwhile: jobs stopped and killed by the window (the Stop and its
 * robot's confirmation), jobs that finished or that users stopped, executions fired, skipped, refused at the start,
 * run after the window, and drain progress. Exactly the number of events asked for; the same ones for the same
 * options.
 */
public final class EventMix {

    /** Tenants the windows and their work belong to. */
    public static final int TENANTS = 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WINDOW_SPACING = Duration.ofHours(6);
    /** The work of a window, repeated in this order until its share of events is reached. */
    private static final int[] PATTERN = {0, 2, 0, 4, 5, 1, 3, 4, 6, 8, 0, 5, 2, 7, 4, 8};
    private static final int[] UNIT_EVENTS = {4, 2, 3, 4, 2, 1, 2, 2, 1};

    private final ReplayOptions options;
    private final Random random = new Random(20_251_123L);
    private final long[] hostAndTenantEpochs = new long[TENANTS + 1];
    private long phaseChanges;
    private long jobEvents;
    private long executions;

    public EventMix(ReplayOptions options) {
        this.options = options;
    }

    /**
     * How many records went to each topic.
     *
     * @param phaseChanges records on {@code maintenance.phase-changes.v1}
     * @param jobEvents    records on {@code jobs.events.v1}
     * @param executions   records on {@code scheduler.executions.v1}
     */
    public record Counts(long phaseChanges, long jobEvents, long executions) {
        /** Every record. */
        public long total() {
            return phaseChanges + jobEvents + executions;
        }
    }

    /** Hands every record to the sink, in the order the services would publish them; answers the counts. */
    public Counts generate(Consumer<ProducerRecord<String, byte[]>> sink) {
        long perWindow = options.events() / options.windows();
        long remainder = options.events() - perWindow * options.windows();
        for (int w = 0; w < options.windows(); w++) {
            window(w, perWindow + (w == options.windows() - 1 ? remainder : 0), sink);
        }
        return new Counts(phaseChanges, jobEvents, executions);
    }

    private void window(int index, long budget, Consumer<ProducerRecord<String, byte[]>> sink) {
        boolean host = index % 4 == 0;
        int owner = index % TENANTS;
        Scope scope = host ? Scope.HOST : Scope.tenant(tenant(owner));
        String windowId = uuid();
        Instant start = EPOCH.plus(WINDOW_SPACING.multipliedBy(index));
        int epochSlot = host ? TENANTS : owner;
        long epoch = hostAndTenantEpochs[epochSlot];
        hostAndTenantEpochs[epochSlot] += 3;
        String reason = "planned upgrade #" + index;
        sink.accept(phase(scope, Phase.DRAINING, Phase.NONE, epoch + 1, windowId, start, reason));
        long left = budget - 3;
        long suspendAt = left / 2;
        boolean suspended = false;
        int step = 0;
        while (left > 0) {
            if (!suspended && left <= suspendAt) {
                sink.accept(phase(scope, Phase.SUSPENDED, Phase.DRAINING, epoch + 2, windowId,
                        start.plusSeconds(1800), reason));
                suspended = true;
            }
            int unit = PATTERN[step % PATTERN.length];
            if (UNIT_EVENTS[unit] > left) {
                unit = 8;
            }
            String tenant = tenant(host ? step % TENANTS : owner);
            Instant at = start.plusMillis(step * 250L % 3_600_000L);
            left -= unit(unit, tenant, windowId, at, sink);
            step++;
        }
        if (!suspended) {
            sink.accept(phase(scope, Phase.SUSPENDED, Phase.DRAINING, epoch + 2, windowId, start.plusSeconds(1800),
                    reason));
        }
        sink.accept(phase(scope, Phase.NONE, Phase.SUSPENDED, epoch + 3, null, start.plusSeconds(3600), "done"));
    }

    private int unit(int unit, String tenant, String windowId, Instant at,
            Consumer<ProducerRecord<String, byte[]>> sink) {
        String job = uuid();
        String robot = "robot-" + random.nextInt(500);
        String process = "process-" + random.nextInt(40);
        String trigger = "trigger-" + random.nextInt(2000);
        Instant due = at.plusSeconds(random.nextInt(600));
        switch (unit) {
            case 0 -> {
                job(sink, job, tenant, process, robot, JobState.PENDING, null, "USER", null, at.minusSeconds(900));
                job(sink, job, tenant, process, robot, JobState.RUNNING, JobState.PENDING, "ROBOT", null,
                        at.minusSeconds(890));
                job(sink, job, tenant, process, robot, JobState.STOPPING, JobState.RUNNING, "MAINTENANCE", windowId,
                        at);
                job(sink, job, tenant, process, robot, JobState.STOPPED, JobState.STOPPING, "ROBOT", windowId,
                        at.plusSeconds(3));
            }
            case 1 -> {
                job(sink, job, tenant, process, null, JobState.PENDING, null, "SCHEDULE", null, at.minusSeconds(60));
                job(sink, job, tenant, process, null, JobState.KILLED, JobState.PENDING, "MAINTENANCE", windowId, at);
            }
            case 2 -> {
                job(sink, job, tenant, process, robot, JobState.PENDING, null, "USER", null, at.minusSeconds(1200));
                job(sink, job, tenant, process, robot, JobState.RUNNING, JobState.PENDING, "ROBOT", null,
                        at.minusSeconds(1190));
                job(sink, job, tenant, process, robot, JobState.SUCCESSFUL, JobState.RUNNING, "ROBOT", null,
                        at.minusSeconds(5));
            }
            case 3 -> {
                job(sink, job, tenant, process, robot, JobState.PENDING, null, "USER", null, at.minusSeconds(700));
                job(sink, job, tenant, process, robot, JobState.RUNNING, JobState.PENDING, "ROBOT", null,
                        at.minusSeconds(690));
                job(sink, job, tenant, process, robot, JobState.STOPPING, JobState.RUNNING, "USER", null, at);
                job(sink, job, tenant, process, robot, JobState.STOPPED, JobState.STOPPING, "ROBOT", null,
                        at.plusSeconds(2));
            }
            case 4 -> {
                execution(sink, trigger, tenant, process, due.minusSeconds(3600), ExecutionOutcome.FIRED, job, null,
                        due.minusSeconds(3600));
                jobEvent(sink, tenant, new JobRequestAccepted(uuid(), trigger, tenant, job, due.minusSeconds(3600),
                        due.minusSeconds(3599)), due.minusSeconds(3599));
            }
            case 5 -> execution(sink, trigger, tenant, process, due, ExecutionOutcome.SKIPPED, null, windowId, due);
            case 6 -> {
                jobEvent(sink, tenant, new JobRequestRefused(uuid(), trigger, tenant, process, at, Phase.DRAINING,
                        windowId, at.plusMillis(20)), at.plusMillis(20));
                execution(sink, trigger, tenant, process, at, ExecutionOutcome.SKIPPED, null, windowId,
                        at.plusMillis(40));
            }
            case 7 -> {
                execution(sink, trigger, tenant, process, due, ExecutionOutcome.SKIPPED, null, windowId, due);
                execution(sink, trigger, tenant, process, due, ExecutionOutcome.RUN_AFTER_MAINTENANCE, job, windowId,
                        due.plusSeconds(7200));
            }
            default -> jobEvent(sink, tenant, new DrainProgressReported(tenant, windowId, random.nextInt(50),
                    random.nextInt(10), random.nextInt(100), at), at);
        }
        return UNIT_EVENTS[unit];
    }

    private void job(Consumer<ProducerRecord<String, byte[]>> sink, String job, String tenant, String process,
            String robot, JobState state, JobState previous, String reason, String windowId, Instant at) {
        jobEvent(sink, tenant, new JobStateChanged(job, tenant, process, robot, state, previous, reason, windowId,
                at), at);
    }

    private void jobEvent(Consumer<ProducerRecord<String, byte[]>> sink, String tenant, Object event, Instant at) {
        jobEvents++;
        sink.accept(record(Topics.JOB_EVENTS, tenant, event, "/job-service", at));
    }

    private void execution(Consumer<ProducerRecord<String, byte[]>> sink, String trigger, String tenant,
            String process, Instant scheduledAt, ExecutionOutcome outcome, String job, String windowId, Instant at) {
        executions++;
        sink.accept(record(Topics.SCHEDULER_EXECUTIONS, tenant, new TriggerExecutionRecorded(trigger + "@"
                + scheduledAt, trigger, "nightly " + trigger, tenant, process, scheduledAt, outcome, job, windowId,
                at), "/scheduler-service", at));
    }

    private ProducerRecord<String, byte[]> phase(Scope scope, Phase phase, Phase previous, long epoch,
            String windowId, Instant at, String reason) {
        phaseChanges++;
        return record(Topics.PHASE_CHANGES, scope.key(), new MaintenancePhaseChanged(scope.key(), scope.tenantId(),
                phase, previous, epoch, windowId, at, "admin", reason, false, false,
                DrainStrategy.STOP, null, false, at), "/maintenance-service", at);
    }

    private ProducerRecord<String, byte[]> record(String topic, String key, Object event, String source,
            Instant at) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(event));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.ID, uuid());
        header(record, CloudEventHeaders.TYPE, EventTypes.of(event.getClass()));
        header(record, CloudEventHeaders.SOURCE, source);
        header(record, CloudEventHeaders.TIME, at.toString());
        header(record, CloudEventHeaders.SUBJECT, key);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private String uuid() {
        return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x0000000000004000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
    }

    private static String tenant(int index) {
        return String.format("tenant-%02d", index);
    }
}
