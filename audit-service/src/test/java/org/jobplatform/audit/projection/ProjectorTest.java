package org.jobplatform.audit.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.jobplatform.audit.event.AuditEvent;
import org.jobplatform.audit.event.EventDecoder;
import org.jobplatform.audit.event.RawEvent;
import org.jobplatform.audit.support.TextHeaders;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.starter.messaging.EventCodec;
import org.junit.jupiter.api.Test;

/** What each event contributes to the logs, and that the merge of the facts ignores repetition and order. */
class ProjectorTest {

    private static final EventCodec CODEC = new EventCodec("/test");
    private static final EventDecoder DECODER = new EventDecoder();
    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
    private static final String WINDOW = "7d0f3c5e-1111-4222-8333-944455556666";

    private static AuditEvent event(Object data) {
        Map<String, String> headers = Map.of(CloudEventHeaders.ID, UUID.randomUUID().toString(),
                CloudEventHeaders.TYPE, EventTypes.of(data.getClass()), CloudEventHeaders.TIME, T0.toString());
        return DECODER.decode(new RawEvent("t", 0, 0, "k", TextHeaders.of(headers), CODEC.toJson(data)));
    }

    private static FactBatch project(Object... data) {
        FactBatch batch = new FactBatch();
        for (Object d : data) {
            Projector.project(event(d), batch);
        }
        return batch;
    }

    private static JobStateChanged job(String id, JobState state, String reason, String window) {
        return new JobStateChanged(id, "acme", "invoices", "robot-1", state, JobState.RUNNING, reason, window,
                T0.plusSeconds(5));
    }

    @Test
    void aJobCounts_whenItEndsStoppedOrKilled_withTheWindow_unlessAUserEndedIt() {
        FactBatch batch = project(
                job("a", JobState.STOPPING, "MAINTENANCE", WINDOW),
                job("a", JobState.STOPPED, "ROBOT", WINDOW),
                job("b", JobState.KILLED, "MAINTENANCE", WINDOW),
                job("c", JobState.STOPPED, "USER", WINDOW),
                job("d", JobState.STOPPED, "ROBOT", null),
                job("e", JobState.SUCCESSFUL, "ROBOT", WINDOW),
                job("f", JobState.FAULTED, "ROBOT", WINDOW));
        assertThat(batch.jobs()).extracting(JobEndFact::jobId, JobEndFact::endState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "STOPPED"),
                        org.assertj.core.groups.Tuple.tuple("b", "KILLED"));
        assertThat(batch.tenants()).containsExactly("acme");
    }

    @Test
    void aRefusedRequestAndTheSkippedExecutionOfTheSameTime_areOneSkip_withTheTriggersName() {
        Instant due = T0.plusSeconds(30);
        FactBatch batch = project(
                new JobRequestRefused("r1", "trigger-1", "acme", "invoices", due, Phase.DRAINING, WINDOW,
                        T0.plusSeconds(1)),
                new TriggerExecutionRecorded("x1", "trigger-1", "nightly", "acme", "invoices", due,
                        ExecutionOutcome.SKIPPED, null, WINDOW, T0.plusSeconds(2)),
                new TriggerExecutionRecorded("x2", "trigger-2", "hourly", "acme", "invoices", due,
                        ExecutionOutcome.FIRED, null, null, T0.plusSeconds(2)),
                new TriggerExecutionRecorded("x3", "trigger-3", "misfired", "acme", "invoices", due,
                        ExecutionOutcome.SKIPPED, null, null, T0.plusSeconds(2)));
        assertThat(batch.skips()).singleElement().satisfies(skip -> {
            assertThat(skip.key().triggerId()).isEqualTo("trigger-1");
            assertThat(skip.triggerName()).isEqualTo("nightly");
            assertThat(skip.executionId()).isEqualTo("x1");
            assertThat(skip.outcome()).isEqualTo("SKIPPED");
        });
    }

    @Test
    void anExecutionRunAfterTheWindow_staysSkippedInIt_withItsLatestOutcome() {
        Instant due = T0.plusSeconds(30);
        FactBatch batch = project(
                new TriggerExecutionRecorded("x1", "trigger-1", "once", "acme", "invoices", due,
                        ExecutionOutcome.RUN_AFTER_MAINTENANCE, "job-9", WINDOW, T0.plusSeconds(300)),
                new TriggerExecutionRecorded("x1", "trigger-1", "once", "acme", "invoices", due,
                        ExecutionOutcome.SKIPPED, null, WINDOW, T0.plusSeconds(31)));
        assertThat(batch.skips()).singleElement().extracting(SkipFact::outcome).isEqualTo("RUN_AFTER_MAINTENANCE");
    }

    @Test
    void phaseChanges_spanTheirWindow_fromItsEarliestTime_withTheReasonOfItsLatestEpoch() {
        FactBatch batch = project(
                phase(Phase.SUSPENDED, 8, WINDOW, T0.plusSeconds(60), "db upgrade, step 2"),
                phase(Phase.DRAINING, 7, WINDOW, T0, "db upgrade"),
                phase(Phase.NONE, 9, null, T0.plusSeconds(120), null));
        assertThat(batch.windows()).singleElement().satisfies(w -> {
            assertThat(w.startedAt()).isEqualTo(T0);
            assertThat(w.firstEpoch()).isEqualTo(7);
            assertThat(w.lastEpoch()).isEqualTo(8);
            assertThat(w.reason()).isEqualTo("db upgrade, step 2");
            assertThat(w.tenantId()).isNull();
        });
        assertThat(batch.phases()).extracting(PhaseFact::epoch).containsExactly(7L, 8L, 9L);
        assertThat(batch.tenants()).isEmpty();
    }

    @Test
    void everyMerge_ignoresRepetitionAndOrder() {
        Instant due = T0.plusSeconds(30);
        List<Object> events = new ArrayList<>(List.of(
                phase(Phase.DRAINING, 1, WINDOW, T0, "first"),
                phase(Phase.SUSPENDED, 2, WINDOW, T0.plusSeconds(60), "second"),
                phase(Phase.NONE, 3, null, T0.plusSeconds(90), null),
                job("a", JobState.STOPPED, "ROBOT", WINDOW),
                job("b", JobState.KILLED, "MAINTENANCE", WINDOW),
                new JobRequestRefused("r1", "trigger-1", "acme", "invoices", due, Phase.DRAINING, WINDOW, T0),
                new TriggerExecutionRecorded("x1", "trigger-1", "nightly", "acme", "invoices", due,
                        ExecutionOutcome.SKIPPED, null, WINDOW, T0.plusSeconds(2)),
                new TriggerExecutionRecorded("x1", "trigger-1", "nightly (renamed)", "acme", "invoices", due,
                        ExecutionOutcome.BACKFILLED, "job-1", WINDOW, T0.plusSeconds(900))));
        List<AuditEvent> decoded = events.stream().map(ProjectorTest::event).toList();
        String expected = describe(decoded);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<AuditEvent> shuffled = new ArrayList<>(decoded);
            shuffled.addAll(decoded.subList(0, random.nextInt(decoded.size())));
            Collections.shuffle(shuffled, random);
            assertThat(describe(shuffled)).isEqualTo(expected);
        }
    }

    private static String describe(List<AuditEvent> events) {
        FactBatch batch = new FactBatch();
        events.forEach(e -> Projector.project(e, batch));
        return List.of(batch.tenants(), batch.phases().stream().map(p -> p.scopeKey() + p.epoch() + p.phase())
                .toList(), batch.windows(), batch.jobs(), batch.skips()).toString();
    }

    private static MaintenancePhaseChanged phase(Phase phase, long epoch, String window, Instant at, String reason) {
        return new MaintenancePhaseChanged("host", null, phase, Phase.NONE, epoch, window, at, "admin", reason,
                false, false, DrainStrategy.STOP, null, false, at);
    }
}
