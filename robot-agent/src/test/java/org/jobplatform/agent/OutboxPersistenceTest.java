package org.jobplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.jobplatform.agent.AgentFixture.PATIENCE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/** The outbox's memory bound, and its journal in the data directory that outlives the agent. */
class OutboxPersistenceTest extends AgentTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;


    @Test
    void linesWrittenWhileSuspended_surviveARestart_andAreDeliveredExactlyOnce() {
        AgentConfig config = fixture.config().withDataDir(dataDir);
        RobotCredentials credentials = gateway.robot();
        RobotAgent first = fixture.started(credentials, config, AgentListener.NONE);
        String job = UUID.randomUUID().toString();
        gateway.queue(first.robotId(), ScriptedGateway.start(job, 600_000, 20, null));
        await().atMost(PATIENCE).until(() -> gateway.lines(job).size() >= 3);
        gateway.unavailable(1);
        await().atMost(PATIENCE).until(() -> first.pendingItems() >= 20);

        first.stop();
        long written = first.stats().logLinesWritten();
        int left = first.pendingItems();
        assertThat(left).isPositive();
        RobotAgent second = fixture.agent(credentials, config, AgentListener.NONE);
        assertThat(second.pendingItems()).isEqualTo(left);
        second.start();
        gateway.available();

        await().atMost(PATIENCE).until(() -> second.pendingItems() == 0);
        assertThat(gateway.states(job)).containsExactly("RUNNING", "STOPPED");
        List<ScriptedGateway.Line> lines = gateway.lines(job);
        assertThat(lines).hasSize((int) written);
        assertThat(lines).extracting(ScriptedGateway.Line::id).doesNotHaveDuplicates();
        assertThat(lines).extracting(line -> Instant.parse(line.timestamp())).isSorted();
        assertThat(lines.get(lines.size() - 1).message()).startsWith("stopped");
        // the second agent delivered exactly what the first one left: its lines and the STOPPED report
        assertThat(second.stats().logLinesDelivered() + second.stats().stateReportsDelivered()).isEqualTo(left);
        second.stop();
        assertThat(segments()).isEmpty();
    }

    @Test
    void withADataDirectory_theMemoryBoundHolds_andNothingIsDropped() {
        RobotAgent robot = fixture.started(fixture.config().withDataDir(dataDir).withMemoryBound(10));
        String job = UUID.randomUUID().toString();
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 1000, 10, null));
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING")));
        gateway.unavailable(1);
        AtomicInteger mostInMemory = new AtomicInteger();

        await().atMost(PATIENCE).until(() -> {
            mostInMemory.accumulateAndGet(robot.itemsInMemory(), Math::max);
            return robot.stats().jobsSucceeded() == 1;
        });
        assertThat(robot.pendingItems()).isGreaterThan(30);
        gateway.available();
        await().atMost(PATIENCE).until(() -> {
            mostInMemory.accumulateAndGet(robot.itemsInMemory(), Math::max);
            return robot.pendingItems() == 0;
        });

        assertThat(mostInMemory.get()).isLessThanOrEqualTo(10);
        AgentStats stats = robot.stats();
        assertThat(stats.logLinesDropped()).isZero();
        assertThat(gateway.lines(job)).hasSize((int) stats.logLinesWritten())
                .extracting(ScriptedGateway.Line::id).doesNotHaveDuplicates();
        assertThat(gateway.states(job)).containsExactly("RUNNING", "SUCCESSFUL");
    }

    @Test
    void withoutADataDirectory_linesBeyondTheMemoryBoundAreDroppedAndCounted_butStateReportsAreKept() {
        RobotAgent robot = fixture.started(fixture.config().withMemoryBound(10));
        String job = UUID.randomUUID().toString();
        gateway.queue(robot.robotId(), ScriptedGateway.start(job, 1000, 10, null));
        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING")));
        gateway.unavailable(1);

        await().atMost(PATIENCE).until(() -> robot.stats().jobsSucceeded() == 1);
        assertThat(robot.itemsInMemory()).isLessThanOrEqualTo(11);
        gateway.available();

        await().atMost(PATIENCE).until(() -> gateway.states(job).equals(List.of("RUNNING", "SUCCESSFUL")));
        await().atMost(PATIENCE).until(() -> robot.pendingItems() == 0);
        AgentStats stats = robot.stats();
        assertThat(stats.logLinesDropped()).isPositive();
        assertThat(stats.logLinesDelivered() + stats.logLinesDropped()).isEqualTo(stats.logLinesWritten());
        assertThat(gateway.lines(job)).hasSize((int) stats.logLinesDelivered());
    }

    @Test
    void aJournaledOutbox_keepsAtMostItsBoundInMemory_andGivesBackEveryItemInOrder() {
        List<String> written = new ArrayList<>();
        try (Outbox outbox = Outbox.journaled("robot", 100, dataDir, JSON)) {
            for (int i = 0; i < 2500; i++) {
                written.add(addLine(outbox, i));
                assertThat(outbox.inMemory()).isLessThanOrEqualTo(100);
            }
            assertThat(outbox.size()).isEqualTo(2500);
            List<String> read = new ArrayList<>();
            while (!outbox.isEmpty()) {
                List<OutboxItem> batch = outbox.peekBatch(7, Courier.MAX_BATCH_BYTES);
                batch.forEach(item -> read.add(item.id()));
                outbox.remove(batch);
                assertThat(outbox.inMemory()).isLessThanOrEqualTo(100);
            }
            assertThat(read).isEqualTo(written);
        }
        assertThat(segments()).isEmpty();
    }

    @Test
    void deliveringAsFastAsItWrites_keepsWritingOneSegment_andAReopenedJournalGivesNothingBack() throws IOException {
        Path segment;
        try (Outbox outbox = Outbox.journaled("robot", 100, dataDir, JSON)) {
            addLine(outbox, 0);
            segment = segments().get(0);
            for (int i = 1; i <= 50; i++) {
                outbox.remove(outbox.peekBatch(100, Courier.MAX_BATCH_BYTES));
                assertThat(outbox.isEmpty()).isTrue();
                addLine(outbox, i);
                // the same file, not a new one per delivery
                assertThat(segments()).containsExactly(segment);
            }
            outbox.remove(outbox.peekBatch(100, Courier.MAX_BATCH_BYTES));
            assertThat(Files.readAllLines(segment)).hasSize(51);
            assertThat(Long.parseLong(Files.readString(dataDir.resolve("acked")).trim())).isEqualTo(51);
        }
        assertThat(segments()).isEmpty();

        try (Outbox reopened = Outbox.journaled("robot", 100, dataDir, JSON)) {
            assertThat(reopened.size()).isZero();
            addLine(reopened, 51);
            assertThat(reopened.peekBatch(100, Courier.MAX_BATCH_BYTES)).extracting(OutboxItem::seq)
                    .containsExactly(52L);
        }
    }

    @Test
    void anAckedNumberWrittenByAnEarlierVersion_isReadAndOverwrittenWhole() throws IOException {
        try (Outbox outbox = Outbox.journaled("robot", 100, dataDir, JSON)) {
            for (int i = 0; i < 12; i++) {
                addLine(outbox, i);
            }
        }
        // an earlier version wrote the number as it is, then renamed the file over the old one
        Files.writeString(dataDir.resolve("acked"), "10");

        try (Outbox reopened = Outbox.journaled("robot", 100, dataDir, JSON)) {
            assertThat(reopened.peekBatch(100, Courier.MAX_BATCH_BYTES)).extracting(OutboxItem::seq)
                    .containsExactly(11L, 12L);
            reopened.remove(reopened.peekBatch(1, Courier.MAX_BATCH_BYTES));
        }
        assertThat(Long.parseLong(Files.readString(dataDir.resolve("acked")).trim())).isEqualTo(11);
        try (Outbox again = Outbox.journaled("robot", 100, dataDir, JSON)) {
            assertThat(again.peekBatch(100, Courier.MAX_BATCH_BYTES)).extracting(OutboxItem::seq)
                    .containsExactly(12L);
        }
    }

    @Test
    void aReopenedJournal_givesBackOnlyWhatWasNotDelivered() {
        List<String> written = new ArrayList<>();
        try (Outbox outbox = Outbox.journaled("robot", 100, dataDir, JSON)) {
            for (int i = 0; i < 10; i++) {
                written.add(addLine(outbox, i));
            }
            outbox.remove(outbox.peekBatch(4, Courier.MAX_BATCH_BYTES));
        }

        try (Outbox reopened = Outbox.journaled("robot", 100, dataDir, JSON)) {
            assertThat(reopened.size()).isEqualTo(6);
            assertThat(reopened.peekBatch(100, Courier.MAX_BATCH_BYTES)).extracting(OutboxItem::id)
                    .isEqualTo(written.subList(4, 10));
        }
    }

    @Test
    void aTornLastLine_isSkipped_andTheNextRunWritesToANewSegment() throws IOException {
        try (Outbox outbox = Outbox.journaled("robot", 100, dataDir, JSON)) {
            for (int i = 0; i < 3; i++) {
                addLine(outbox, i);
            }
        }
        // the agent was killed in the middle of writing a line
        Files.writeString(segments().get(0), "{\"seq\":4,\"kind\":\"LO", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (Outbox reopened = Outbox.journaled("robot", 100, dataDir, JSON)) {
            assertThat(reopened.size()).isEqualTo(3);
            String added = addLine(reopened, 3);
            assertThat(segments()).hasSize(2);
            List<OutboxItem> all = reopened.peekBatch(100, Courier.MAX_BATCH_BYTES);
            assertThat(all).extracting(OutboxItem::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(all.get(3).id()).isEqualTo(added);
        }
    }

    @Test
    void twoAgents_cannotUseTheSameOutboxAtOnce() {
        try (Outbox outbox = Outbox.journaled("robot", 100, dataDir, JSON)) {
            assertThatThrownBy(() -> Outbox.journaled("robot", 100, dataDir, JSON))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot open the outbox")
                    .cause().hasMessageContaining("in use by another running robot agent");
            assertThat(outbox.isEmpty()).isTrue();
        }
        Outbox.journaled("robot", 100, dataDir, JSON).close();
    }

    @Test
    void linesAndStateReports_goTogetherInTheirOrder_butAQueueItemGoesAlone() {
        Outbox outbox = Outbox.inMemory("robot", 100);
        addLine(outbox, 1);
        addLine(outbox, 2);
        outbox.add(OutboxItem.state("job", ReportedState.SUCCESSFUL, null));
        addLine(outbox, 3);
        outbox.add(OutboxItem.queueItem("invoices", "INV-1", JSON.createObjectNode()));
        addLine(outbox, 4);

        List<OutboxItem> first = outbox.peekBatch(500, Courier.MAX_BATCH_BYTES);
        assertThat(first).extracting(OutboxItem::kind).containsExactly(OutboxItem.Kind.LOG, OutboxItem.Kind.LOG,
                OutboxItem.Kind.STATE, OutboxItem.Kind.LOG);
        outbox.remove(first);
        List<OutboxItem> second = outbox.peekBatch(500, Courier.MAX_BATCH_BYTES);
        assertThat(second).singleElement().matches(item -> item.kind() == OutboxItem.Kind.QUEUE);
        outbox.remove(second);
        assertThat(outbox.peekBatch(500, Courier.MAX_BATCH_BYTES)).singleElement()
                .matches(item -> item.kind() == OutboxItem.Kind.LOG);
    }

    private static String addLine(Outbox outbox, int i) {
        String id = UUID.randomUUID().toString();
        assertThat(outbox.add(OutboxItem.log(id, "job", "INFO", "line " + i, Instant.now().toString()))).isTrue();
        return id;
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(file -> file.getFileName().toString().startsWith("segment-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
