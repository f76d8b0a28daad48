package org.jobplatform.robot.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.contracts.RobotLogWritten;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The relay's queues, streams, bounds and expiry, without Spring or a broker. */
class CommandRelayTest {

    private static final EventCodec CODEC = new EventCodec("/job-service");

    private final MovableClock clock = new MovableClock();
    private final Set<String> cutOffTenants = new HashSet<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommandRelay relay = new CommandRelay(CODEC, new RobotLinkProperties.Commands(null,
            Duration.ofSeconds(60), 3, Duration.ofSeconds(15)), clock, cutOffTenants::contains, meters);

    private final String robot = UUID.randomUUID().toString();

    CommandRelayTest() {
        // the window the test's maintenance commands come from has been applied, unless a test says otherwise
        relay.windowApplied("w-1");
    }

    @Test
    void aQueuedCommand_isInTheNextHeartbeatAnswerOnly_andOnlyForItsRobot() {
        RobotCommandIssued stop = command(RobotCommandType.STOP, clock.instant());
        relay.accept(record(stop));
        assertThat(relay.take(UUID.randomUUID().toString())).isEmpty();
        assertThat(relay.take(robot)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(stop.commandId());
            assertThat(c.type()).isEqualTo(RobotCommandType.STOP);
            assertThat(c.jobId()).isEqualTo(stop.jobId());
            assertThat(c.windowId()).isEqualTo("w-1");
        });
        assertThat(relay.take(robot)).isEmpty();
        assertThat(delivered("heartbeat")).isEqualTo(1);
    }

    @Test
    void aStartCommand_carriesItsInputArgumentsAsJson() {
        RobotCommandIssued start = new RobotCommandIssued(UUID.randomUUID().toString(), robot, "acme",
                RobotCommandType.START, UUID.randomUUID().toString(), "Invoices", "{\"month\":\"2026-11\",\"n\":3}",
                "DISPATCH", null, clock.instant());
        relay.accept(record(start));
        assertThat(relay.take(robot)).singleElement().satisfies(c -> {
            assertThat(c.processName()).isEqualTo("Invoices");
            assertThat(c.inputArguments().get("month").asString()).isEqualTo("2026-11");
            assertThat(c.inputArguments().get("n").asInt()).isEqualTo(3);
        });
    }

    @Test
    void aCommandReadTwice_isDeliveredOnce() {
        RobotCommandIssued kill = command(RobotCommandType.KILL, clock.instant());
        relay.accept(record(kill));
        relay.accept(record(kill));
        assertThat(relay.take(robot)).hasSize(1);
        relay.accept(record(kill));
        assertThat(relay.take(robot)).isEmpty();
    }

    @Test
    void beyondTheBound_theOldestCommandIsDropped_andCounted() {
        RobotCommandIssued first = command(RobotCommandType.STOP, clock.instant());
        relay.accept(record(first));
        for (int i = 0; i < 3; i++) {
            relay.accept(record(command(RobotCommandType.STOP, clock.instant())));
        }
        assertThat(relay.take(robot)).hasSize(3).noneMatch(c -> c.id().equals(first.commandId()));
        assertThat(dropped("overflow")).isEqualTo(1);
    }

    @Test
    void aCommandOlderThanTheTtl_isDropped_whenReadOrWhileQueued() {
        relay.accept(record(command(RobotCommandType.STOP, clock.instant().minusSeconds(61))));
        relay.accept(record(command(RobotCommandType.STOP, clock.instant().minusSeconds(30))));
        RobotCommandIssued fresh = command(RobotCommandType.STOP, clock.instant());
        relay.accept(record(fresh));
        clock.advance(Duration.ofSeconds(31));
        assertThat(relay.take(robot)).extracting(RobotCommand::id).containsExactly(fresh.commandId());
        assertThat(dropped("expired")).isEqualTo(2);
    }

    @Test
    void theSweep_dropsExpiredCommandsOfRobotsThatDoNotCallIn() {
        relay.accept(record(command(RobotCommandType.STOP, clock.instant())));
        clock.advance(Duration.ofSeconds(61));
        relay.sweep();
        assertThat(dropped("expired")).isEqualTo(1);
        assertThat(relay.take(robot)).isEmpty();
    }

    @Test
    void anOpenStream_getsTheQueuedCommandsFirst_thenNewOnesAtOnce_andNothingStaysQueued() {
        RobotCommandIssued queued = command(RobotCommandType.STOP, clock.instant());
        relay.accept(record(queued));
        RobotCommandIssued pushed = command(RobotCommandType.KILL, clock.instant());
        StepVerifier.create(events(relay.stream(robot, "acme")))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected"))
                .assertNext(e -> assertCommand(e, queued))
                .then(() -> relay.accept(record(pushed)))
                .assertNext(e -> assertCommand(e, pushed))
                .thenCancel().verify(Duration.ofSeconds(5));
        assertThat(relay.take(robot)).isEmpty();
        assertThat(delivered("sse")).isEqualTo(2);
        assertThat(meters.get("robots.commands.streams").gauge().value()).isZero();
    }

    @Test
    void aStreamThatAsksForNothing_leavesCommandsQueued_untilItAsks() {
        RobotCommandIssued stop = command(RobotCommandType.STOP, clock.instant());
        StepVerifier.create(relay.stream(robot, "acme"), 1)
                .assertNext(e -> assertThat(e).singleElement().extracting(ServerSentEvent::comment)
                        .isEqualTo("connected"))
                .then(() -> relay.accept(record(stop)))
                .expectNoEvent(Duration.ofMillis(100))
                .thenRequest(1)
                .assertNext(e -> assertThat(e).singleElement().satisfies(command -> assertCommand(command, stop)))
                .thenCancel().verify(Duration.ofSeconds(5));
    }

    @Test
    void commandsQueuedFromOnePoll_reachEachRobotInOneWrite_inTheirOrder() {
        String other = UUID.randomUUID().toString();
        List<RobotCommandIssued> mine = List.of(command(RobotCommandType.STOP, clock.instant()),
                command(RobotCommandType.STOP, clock.instant()), command(RobotCommandType.KILL, clock.instant()));
        RobotCommandIssued theirs = new RobotCommandIssued(UUID.randomUUID().toString(), other, "acme",
                RobotCommandType.STOP, UUID.randomUUID().toString(), null, null, "MAINTENANCE", null,
                clock.instant());
        StepVerifier others = StepVerifier.create(relay.stream(other, "acme"))
                .assertNext(e -> assertThat(e).singleElement().extracting(ServerSentEvent::comment)
                        .isEqualTo("connected"))
                .assertNext(e -> assertThat(e).singleElement().satisfies(command -> assertCommand(command, theirs)))
                .thenCancel().verifyLater();
        StepVerifier.create(relay.stream(robot, "acme"))
                .assertNext(e -> assertThat(e).singleElement().extracting(ServerSentEvent::comment)
                        .isEqualTo("connected"))
                .then(() -> {
                    relay.queue(record(mine.get(0)));
                    relay.queue(record(theirs));
                    relay.queue(record(mine.get(1)));
                    relay.queue(record(mine.get(2)));
                })
                .expectNoEvent(Duration.ofMillis(100))
                .then(relay::deliverQueued)
                .assertNext(e -> assertThat(e).extracting(event -> event.data().id())
                        .containsExactly(mine.get(0).commandId(), mine.get(1).commandId(), mine.get(2).commandId()))
                .thenCancel().verify(Duration.ofSeconds(5));
        others.verify(Duration.ofSeconds(5));
        assertThat(delivered("sse")).isEqualTo(4);
    }

    @Test
    void aNewStreamOfTheSameRobot_completesTheOlderOne() {
        RobotCommandIssued stop = command(RobotCommandType.STOP, clock.instant());
        StepVerifier older = StepVerifier.create(events(relay.stream(robot, "acme")))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected")).expectComplete().verifyLater();
        StepVerifier.create(events(relay.stream(robot, "acme")))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected"))
                .then(() -> older.verify(Duration.ofSeconds(5)))
                .then(() -> relay.accept(record(stop)))
                .assertNext(e -> assertCommand(e, stop))
                .thenCancel().verify(Duration.ofSeconds(5));
    }

    @Test
    void cuttingOffATenant_completesItsRobotsStreams_andTheirCommandsWaitInTheQueue() {
        String other = UUID.randomUUID().toString();
        StepVerifier others = StepVerifier.create(events(relay.stream(other, "globex")))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected")).thenCancel().verifyLater();
        StepVerifier.create(events(relay.stream(robot, "acme")))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected"))
                .then(() -> {
                    cutOffTenants.add("acme");
                    relay.closeCutOffStreams();
                })
                .expectComplete().verify(Duration.ofSeconds(5));
        others.verify(Duration.ofSeconds(5));
        relay.accept(record(command(RobotCommandType.STOP, clock.instant())));
        assertThat(relay.take(robot)).hasSize(1);
        StepVerifier.create(events(relay.stream(robot, "acme")))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected"))
                .expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void aMaintenanceCommandOfAWindowNotAppliedHere_waits_andIsPushedOnceTheWindowIsApplied() {
        RobotCommandIssued early = command(RobotCommandType.STOP, clock.instant(), "w-2");
        RobotCommandIssued user = new RobotCommandIssued(UUID.randomUUID().toString(), robot, "acme",
                RobotCommandType.STOP, UUID.randomUUID().toString(), null, null, "USER", null, clock.instant());
        StepVerifier.create(events(relay.stream(robot, "acme")))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected"))
                .then(() -> relay.accept(record(early)))
                .then(() -> relay.accept(record(user)))
                // a command of no window, or of a window applied, passes the one that waits
                .assertNext(e -> assertCommand(e, user))
                .then(() -> assertThat(relay.take(robot)).isEmpty())
                .then(() -> relay.windowApplied("w-2"))
                .assertNext(e -> assertCommand(e, early))
                .thenCancel().verify(Duration.ofSeconds(5));
        assertThat(delivered("sse")).isEqualTo(2);
    }

    @Test
    void aKillOfASuspensionReadBeforeItsWindowIsApplied_neverReachesTheRobotBeforeTheEnd() {
        RobotCommandIssued kill = command(RobotCommandType.KILL, clock.instant(), "w-3");
        StepVerifier.create(events(relay.stream(robot, "acme")))
                .assertNext(e -> assertThat(e.comment()).isEqualTo("connected"))
                .then(() -> relay.accept(record(kill)))
                .then(() -> {
                    // the view holds the SUSPENDED change; its listener runs: the window first, then the cut-off
                    cutOffTenants.add("acme");
                    relay.windowApplied("w-3");
                    relay.closeCutOffStreams();
                })
                .expectComplete().verify(Duration.ofSeconds(5));
        assertThat(delivered("sse")).isZero();
        // after the end, the robot's first call gets it
        cutOffTenants.remove("acme");
        assertThat(relay.take(robot)).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(kill.commandId()));
    }

    @Test
    void aStreamOfACutOffTenantThatIsStillOpen_isPushedNothing() {
        RobotCommandIssued stop = command(RobotCommandType.STOP, clock.instant());
        StepVerifier.create(relay.stream(robot, "acme"))
                .assertNext(e -> assertThat(e).singleElement().extracting(ServerSentEvent::comment)
                        .isEqualTo("connected"))
                .then(() -> cutOffTenants.add("acme"))
                .then(() -> relay.accept(record(stop)))
                .then(relay::closeCutOffStreams)
                .expectComplete().verify(Duration.ofSeconds(5));
        assertThat(relay.take(robot)).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(stop.commandId()));
    }

    @Test
    void aWaitingCommandOlderThanTheTtl_isDroppedLikeAnyOther() {
        relay.accept(record(command(RobotCommandType.STOP, clock.instant(), "w-4")));
        clock.advance(Duration.ofSeconds(61));
        relay.windowApplied("w-4");
        assertThat(relay.take(robot)).isEmpty();
        assertThat(dropped("expired")).isEqualTo(1);
    }

    @Test
    void recordsThatAreNotADeliverableCommand_areUndecodable() {
        RobotCommandIssued noJob = new RobotCommandIssued(UUID.randomUUID().toString(), robot, "acme",
                RobotCommandType.STOP, null, null, null, "USER", null, clock.instant());
        RobotCommandIssued badArguments = new RobotCommandIssued(UUID.randomUUID().toString(), robot, "acme",
                RobotCommandType.START, UUID.randomUUID().toString(), "P", "{not json", "USER", null,
                clock.instant());
        RobotLogWritten log = new RobotLogWritten(UUID.randomUUID().toString(), UUID.randomUUID().toString(), robot,
                "acme", "INFO", "x", clock.instant());
        ConsumerRecord<String, byte[]> garbage = record(command(RobotCommandType.STOP, clock.instant()));
        ConsumerRecord<String, byte[]> notJson = new ConsumerRecord<>(Topics.ROBOT_COMMANDS, 0, 0L, robot,
                "{oops".getBytes(StandardCharsets.UTF_8));
        garbage.headers().forEach(h -> notJson.headers().add(h));
        for (ConsumerRecord<String, byte[]> bad : List.of(record(noJob), record(badArguments),
                record(log), notJson)) {
            assertThatThrownBy(() -> relay.accept(bad)).isInstanceOf(UndecodableEventException.class);
        }
        assertThat(relay.take(robot)).isEmpty();
    }

    /** The stream's events one by one, as the robot reads them. */
    private static Flux<ServerSentEvent<RobotCommand>> events(Flux<List<ServerSentEvent<RobotCommand>>> stream) {
        return stream.concatMapIterable(events -> events);
    }

    private static void assertCommand(ServerSentEvent<RobotCommand> event, RobotCommandIssued issued) {
        assertThat(event.id()).isEqualTo(issued.commandId());
        assertThat(event.event()).isEqualTo("command");
        assertThat(event.data().id()).isEqualTo(issued.commandId());
        assertThat(event.data().type()).isEqualTo(issued.type());
    }

    private RobotCommandIssued command(RobotCommandType type, Instant issuedAt) {
        return command(type, issuedAt, "w-1");
    }

    private RobotCommandIssued command(RobotCommandType type, Instant issuedAt, String windowId) {
        return new RobotCommandIssued(UUID.randomUUID().toString(), robot, "acme", type, UUID.randomUUID().toString(),
                null, null, "MAINTENANCE", windowId, issuedAt);
    }

    private ConsumerRecord<String, byte[]> record(Object event) {
        ProducerRecord<String, byte[]> sent = CODEC.toRecord(Topics.ROBOT_COMMANDS, robot, event, robot);
        ConsumerRecord<String, byte[]> read = new ConsumerRecord<>(Topics.ROBOT_COMMANDS, 0, 0L, robot, sent.value());
        sent.headers().forEach(h -> read.headers().add(h));
        return read;
    }

    private double delivered(String via) {
        return meters.get("robots.commands.delivered").tag("via", via).counter().count();
    }

    private double dropped(String why) {
        return meters.get("robots.commands.dropped").tag("why", why).counter().count();
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-11-23T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
