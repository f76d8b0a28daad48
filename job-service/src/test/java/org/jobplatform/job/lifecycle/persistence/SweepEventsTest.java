package org.jobplatform.job.lifecycle.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.lifecycle.Job;
import org.jobplatform.job.lifecycle.JobEvents;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.job.support.JobServiceTest;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.outbox.Outbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;

/**
 * The events a maintenance sweep's statement writes itself to the outbox are the ones {@link JobEvents#changed} gives
 * and {@link Outbox#appendAll} would write: the same row columns, and a payload the codec reads back as the same
 * {@code JobStateChanged}, byte for byte the codec's own JSON where no character needs escaping beyond quotes and
 * backslashes. Each check inserts its jobs, sweeps and reads in one transaction rolled back at its end, so no job
 * stays and nothing reaches the topic.
 */
@JobServiceTest
class SweepEventsTest {

    private static final String TENANT = "sweep-events";

    @Autowired
    JobRepository jobs;
    @Autowired
    DatabaseClient db;
    @Autowired
    TransactionalOperator tx;
    @Autowired
    EventCodec codec;

    /** What a sweep moved, with the outbox rows its statement wrote, read before the rollback. */
    private record Swept(List<JobRepository.Moved> moved, List<Map<String, Object>> rows) {
    }

    @Test
    void aStopSweepWritesEachJobsStateChange_asTheCodecWouldWriteIt() {
        String window = UUID.randomUUID().toString();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS).plusNanos(123_000);
        Map<String, Job> running = new HashMap<>();
        for (String process : List.of("Invoices Q4", "Say \"hi\" to C:\\temp\\in", "Zahlläufe ✓ 請求書",
                "lines\nand\ttabs\r", "bell\u0007 and unit\u001f separators")) {
            Job job = runningJob(process, "robot-" + running.size());
            running.put(job.id(), job);
        }

        Swept swept = sweep(List.copyOf(running.values()), JobState.STOPPING, window, at);

        assertThat(swept.moved()).extracting(JobRepository.Moved::jobId)
                .containsExactlyInAnyOrderElementsOf(running.keySet());
        assertThat(swept.rows()).hasSize(running.size());
        for (Map<String, Object> row : swept.rows()) {
            Job job = running.get(row.get("subject"));
            Job stopping = job.moveTo(JobState.STOPPING, JobService.BY_MAINTENANCE, window, at);
            Outbox.Entry expected = JobEvents.changed(stopping, JobState.RUNNING);
            assertThat(row).containsEntry("topic", Topics.JOB_EVENTS).containsEntry("event_key", TENANT)
                    .containsEntry("event_type", EventTypes.of(JobStateChanged.class))
                    .containsEntry("source", codec.source());
            assertThat(((OffsetDateTime) row.get("occurred_at")).toInstant()).isEqualTo(at);
            byte[] payload = payload(row);
            assertThat(codec.decode(payload, JobStateChanged.class)).isEqualTo(expected.event());
            if (!job.processName().chars().anyMatch(c -> c < 0x20)) {
                assertThat(new String(payload, StandardCharsets.UTF_8))
                        .isEqualTo(new String(codec.toJson(expected.event()), StandardCharsets.UTF_8));
            }
        }
        assertThat(swept.rows()).extracting(row -> row.get("event_id")).doesNotHaveDuplicates();
    }

    @Test
    void aKillSweepWithoutAWindow_terminatesRunningJobs_killsDispatchedPendingOnes_andWritesTheNullWindow() {
        Job runningJob = runningJob("Reports", "robot-k1");
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Job dispatched = new Job(UUID.randomUUID().toString(), TENANT, "Payroll", "robot-k2", null, JobState.PENDING,
                null, null, created, created, created);
        Instant at = Instant.now();

        Swept swept = sweep(List.of(runningJob, dispatched), JobState.TERMINATING, null, at);

        assertThat(swept.moved()).extracting(JobRepository.Moved::jobId, JobRepository.Moved::robotId,
                JobRepository.Moved::state, JobRepository.Moved::previous).containsExactly(
                        tuple(runningJob.id(), "robot-k1", JobState.TERMINATING, JobState.RUNNING),
                        tuple(dispatched.id(), "robot-k2", JobState.KILLED, JobState.PENDING));
        assertThat(swept.rows()).hasSize(2);
        for (Map<String, Object> row : swept.rows()) {
            JobStateChanged event = codec.decode(payload(row), JobStateChanged.class);
            boolean killed = event.jobId().equals(dispatched.id());
            assertThat(event.state()).isEqualTo(killed ? JobState.KILLED : JobState.TERMINATING);
            assertThat(event.previousState()).isEqualTo(killed ? JobState.PENDING : JobState.RUNNING);
            assertThat(event.windowId()).isNull();
            assertThat(event.at()).isEqualTo(at);
            assertThat(new String(payload(row), StandardCharsets.UTF_8)).contains("\"windowId\":null");
        }
    }

    private static Job runningJob(String process, String robot) {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new Job(UUID.randomUUID().toString(), TENANT, process, robot, null, JobState.RUNNING, null, null,
                created, created, null);
    }

    /**
     * Inserts the jobs, moves the tenant's RUNNING jobs to the target and reads the outbox rows written; then rolls it
     * all back.
     */
    private Swept sweep(List<Job> running, JobState target, String window, Instant at) {
        return tx.execute(status -> {
            status.setRollbackOnly();
            return Flux.fromIterable(running).concatMap(job -> job.dispatchedAt() == null ? jobs.insert(job)
                    // inserted jobs are never dispatched yet
                    : jobs.insert(job).then(db.sql("update job set dispatched_at = :at where job_id = :id")
                            .bind("at", job.dispatchedAt().atOffset(ZoneOffset.UTC))
                            .bind("id", UUID.fromString(job.id())).then()))
                    .then(jobs.moveInStates(TENANT, List.of(JobState.RUNNING), target == JobState.TERMINATING, target,
                            JobState.KILLED, JobService.BY_MAINTENANCE, window, at, 100).collectList())
                    .flatMap(moved -> db.sql("select event_id, topic, event_key, event_type, subject, source, "
                            + "payload, occurred_at from outbox_event where event_key = :tenant order by position")
                            .bind("tenant", TENANT).fetch().all().collectList()
                            .map(rows -> new Swept(moved, new ArrayList<>(rows))));
        }).switchIfEmpty(Flux.error(new AssertionError("the sweep emitted nothing"))).blockLast();
    }

    private static byte[] payload(Map<String, Object> row) {
        Object value = row.get("payload");
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return (byte[]) value;
    }
}
