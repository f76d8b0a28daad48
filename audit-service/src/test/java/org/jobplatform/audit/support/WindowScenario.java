package org.jobplatform.audit.support;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.DrainStrategy;
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

/**
 * A maintenance window as the platform's services report it: the scope's phase changes DRAINING, SUSPENDED and the
 * end (consecutive epochs, as maintenance-service numbers them), and what job-service and scheduler-service publish
 * meanwhile. Jobs and executions are added per tenant; {@link #records()} gives every event in the order the services
 * would publish them.
 */
public final class WindowScenario {

    private static final Map<String, AtomicLong> EPOCHS = new ConcurrentHashMap<>();

    private final String windowId = UUID.randomUUID().toString();
    private final Scope scope;
    private final String reason;
    private final Instant start;
    private final long firstEpoch;
    private final List<ProducerRecord<String, byte[]>> work = new ArrayList<>();
    private final List<ProducerRecord<String, byte[]>> phases = new ArrayList<>();

    private WindowScenario(Scope scope, String reason, Instant start) {
        this.scope = scope;
        this.reason = reason;
        this.start = start.truncatedTo(ChronoUnit.MICROS);
        // each window takes three epochs of its scope, after every earlier window's
        this.firstEpoch = EPOCHS.computeIfAbsent(scope.key(), k -> new AtomicLong()).getAndAdd(3) + 1;
    }

    /** A host window starting now. */
    public static WindowScenario host(String reason) {
        return host(reason, Instant.now());
    }

    /** A host window starting at the given time. */
    public static WindowScenario host(String reason, Instant start) {
        return new WindowScenario(Scope.HOST, reason, start);
    }

    /** A window of one tenant starting at the given time. */
    public static WindowScenario tenant(String tenantId, String reason, Instant start) {
        return new WindowScenario(Scope.tenant(tenantId), reason, start);
    }

    public String windowId() {
        return windowId;
    }

    public Instant start() {
        return start;
    }

    /** When the scope went SUSPENDED. */
    public Instant suspendedAt() {
        return start.plusSeconds(60);
    }

    /** When the window ended. */
    public Instant endedAt() {
        return start.plusSeconds(120);
    }

    /** A running job the window stopped: the Stop from maintenance, then its robot's confirmation. */
    public WindowScenario stoppedJob(String tenant, String jobId, String process, String robot) {
        job(tenant, jobId, process, robot, JobState.RUNNING, JobState.PENDING, "ROBOT", null, 1);
        job(tenant, jobId, process, robot, JobState.STOPPING, JobState.RUNNING, "MAINTENANCE", windowId, 10);
        job(tenant, jobId, process, robot, JobState.STOPPED, JobState.STOPPING, "ROBOT", windowId, 20);
        return this;
    }

    /** A pending job the window killed at once. */
    public WindowScenario killedPendingJob(String tenant, String jobId, String process) {
        job(tenant, jobId, process, null, JobState.PENDING, null, "USER", null, 2);
        job(tenant, jobId, process, null, JobState.KILLED, JobState.PENDING, "MAINTENANCE", windowId, 70);
        return this;
    }

    /** A running job the window killed: the Kill from maintenance, then its robot's confirmation. */
    public WindowScenario killedRunningJob(String tenant, String jobId, String process, String robot) {
        job(tenant, jobId, process, robot, JobState.RUNNING, JobState.PENDING, "ROBOT", null, 3);
        job(tenant, jobId, process, robot, JobState.TERMINATING, JobState.RUNNING, "MAINTENANCE", windowId, 61);
        job(tenant, jobId, process, robot, JobState.KILLED, JobState.TERMINATING, "ROBOT", windowId, 62);
        return this;
    }

    /** Noise: a job its user stopped during the window (job-service clears the window on a user's Stop). */
    public WindowScenario userStoppedJob(String tenant, String jobId, String process, String robot) {
        job(tenant, jobId, process, robot, JobState.RUNNING, JobState.PENDING, "ROBOT", null, 4);
        job(tenant, jobId, process, robot, JobState.STOPPING, JobState.RUNNING, "USER", null, 11);
        job(tenant, jobId, process, robot, JobState.STOPPED, JobState.STOPPING, "ROBOT", null, 12);
        return this;
    }

    /** Noise: a job that finished by itself during the window. */
    public WindowScenario finishedJob(String tenant, String jobId, String process, String robot) {
        job(tenant, jobId, process, robot, JobState.RUNNING, JobState.PENDING, "ROBOT", null, 5);
        job(tenant, jobId, process, robot, JobState.SUCCESSFUL, JobState.RUNNING, "ROBOT", null, 15);
        return this;
    }

    /** Noise: a job another window stopped, reported while this one is open. */
    public WindowScenario otherWindowsJob(String tenant, String jobId, String otherWindowId) {
        job(tenant, jobId, "elsewhere", null, JobState.STOPPED, JobState.STOPPING, "ROBOT", otherWindowId, 13);
        return this;
    }

    /** An execution the scheduler skipped in the window. */
    public WindowScenario skippedExecution(String tenant, String triggerId, String triggerName, Instant scheduledAt) {
        execution(tenant, triggerId, triggerName, scheduledAt, ExecutionOutcome.SKIPPED, windowId, 30);
        return this;
    }

    /** An execution job-service refused at the window's start (the race): the scheduler then records it skipped. */
    public WindowScenario refusedThenSkipped(String tenant, String triggerId, String triggerName,
            Instant scheduledAt) {
        work.add(TestEvents.record(Topics.JOB_EVENTS, tenant, new JobRequestRefused(UUID.randomUUID().toString(),
                triggerId, tenant, "reports", scheduledAt, Phase.DRAINING, windowId, start.plusSeconds(1)),
                start.plusSeconds(1)));
        execution(tenant, triggerId, triggerName, scheduledAt, ExecutionOutcome.SKIPPED, windowId, 2);
        return this;
    }

    /** An execution job-service refused, of which only the refusal is known. */
    public WindowScenario refusedRequest(String tenant, String triggerId, Instant scheduledAt) {
        work.add(TestEvents.record(Topics.JOB_EVENTS, tenant, new JobRequestRefused(UUID.randomUUID().toString(),
                triggerId, tenant, "reports", scheduledAt, Phase.DRAINING, windowId, start.plusSeconds(3)),
                start.plusSeconds(3)));
        return this;
    }

    /** Noise: an execution that fired before the window, and the job it got. */
    public WindowScenario firedExecution(String tenant, String triggerId, String triggerName, Instant scheduledAt) {
        execution(tenant, triggerId, triggerName, scheduledAt, ExecutionOutcome.FIRED, null, -5);
        work.add(TestEvents.record(Topics.JOB_EVENTS, tenant, new JobRequestAccepted(UUID.randomUUID().toString(),
                triggerId, tenant, UUID.randomUUID().toString(), scheduledAt, start.minusSeconds(5)),
                start.minusSeconds(5)));
        return this;
    }

    /** A tenant's drain progress during the window. */
    public WindowScenario drainProgress(String tenant) {
        work.add(TestEvents.record(Topics.JOB_EVENTS, tenant, new DrainProgressReported(tenant, windowId, 0, 0, 1,
                start.plusSeconds(25)), start.plusSeconds(25)));
        return this;
    }

    /** Every event, in the order the services publish them: the start, the window's work, SUSPENDED, the end. */
    public List<ProducerRecord<String, byte[]>> records() {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(openRecords());
        records.add(phases().get(2));
        return records;
    }

    /** The events without the end: the window stays open. */
    public List<ProducerRecord<String, byte[]>> openRecords() {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(phases().get(0));
        records.addAll(work);
        records.add(phases().get(1));
        return records;
    }

    /** The end of the window alone. */
    public ProducerRecord<String, byte[]> endRecord() {
        return phases().get(2);
    }

    /** The three phase changes, made once so that every call gives the same CloudEvents. */
    private synchronized List<ProducerRecord<String, byte[]>> phases() {
        if (phases.isEmpty()) {
            phases.add(phase(Phase.DRAINING, Phase.NONE, firstEpoch, windowId, start));
            phases.add(phase(Phase.SUSPENDED, Phase.DRAINING, firstEpoch + 1, windowId, suspendedAt()));
            phases.add(phase(Phase.NONE, Phase.SUSPENDED, firstEpoch + 2, null, endedAt()));
        }
        return phases;
    }

    private ProducerRecord<String, byte[]> phase(Phase phase, Phase previous, long epoch, String window,
            Instant at) {
        return TestEvents.record(Topics.PHASE_CHANGES, scope.key(), new MaintenancePhaseChanged(scope.key(),
                scope.tenantId(), phase, previous, epoch, window, at, "admin", reason, false, false,
                DrainStrategy.STOP, null, false, at), at);
    }

    private void job(String tenant, String jobId, String process, String robot, JobState state, JobState previous,
            String why, String window, long secondsAfterStart) {
        Instant at = start.plus(Duration.ofSeconds(secondsAfterStart));
        work.add(TestEvents.record(Topics.JOB_EVENTS, tenant, new JobStateChanged(jobId, tenant, process, robot,
                state, previous, why, window, at), at));
    }

    private void execution(String tenant, String triggerId, String triggerName, Instant scheduledAt,
            ExecutionOutcome outcome, String window, long secondsAfterStart) {
        Instant at = start.plus(Duration.ofSeconds(secondsAfterStart));
        work.add(TestEvents.record(Topics.SCHEDULER_EXECUTIONS, tenant, new TriggerExecutionRecorded(
                triggerId + "@" + scheduledAt, triggerId, triggerName, tenant, "reports", scheduledAt, outcome, null,
                window, at), at));
    }
}
