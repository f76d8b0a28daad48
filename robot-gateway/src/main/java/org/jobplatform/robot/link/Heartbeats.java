package org.jobplatform.robot.link;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.contracts.Topics;
import org.jobplatform.robot.commands.CommandRelay;
import org.jobplatform.robot.commands.RobotCommand;
import org.jobplatform.robot.commands.RobotLinkProperties;
import org.jobplatform.starter.messaging.EventCodec;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Accepts a robot's heartbeat, whichever way the robot was authenticated (the security chain, or
 * {@link CachedRobotsFilter} for a robot whose credentials are cached): checks it, publishes it, and answers with the
 * robot's queued commands once the broker has it. A robot whose heartbeat failed keeps its commands queued for the
 * next one.
 */
@Component
public class Heartbeats {

    /** The largest capacity a robot may report. */
    static final int MAX_CAPACITY = 1000;
    /** Job ids a heartbeat may list: a robot runs at most its capacity. */
    static final int MAX_RUNNING = MAX_CAPACITY;

    private final CommandRelay relay;
    private final RobotTrafficProducer producer;
    private final EventCodec codec;
    private final long pollAfterMs;

    public Heartbeats(CommandRelay relay, RobotTrafficProducer producer, EventCodec codec,
            RobotLinkProperties properties) {
        this.relay = relay;
        this.producer = producer;
        this.codec = codec;
        this.pollAfterMs = properties.heartbeat().pollAfter().toMillis();
    }

    /**
     * A heartbeat's body.
     *
     * @param runningJobIds the jobs the robot runs, an empty list for none
     * @param capacity      how many jobs it runs at once, 1 when absent
     */
    public record Heartbeat(List<String> runningJobIds, Integer capacity) {
    }

    /**
     * A heartbeat's answer.
     *
     * @param commands    the commands waiting for the robot, each given once
     * @param pollAfterMs when to call again
     */
    public record HeartbeatAnswer(List<RobotCommand> commands, long pollAfterMs) {
    }

    /** The answer a robot gets when no command waits for it. */
    HeartbeatAnswer idle() {
        return new HeartbeatAnswer(List.of(), pollAfterMs);
    }

    /**
     * Publishes the heartbeat of an authenticated robot and then takes its commands.
     *
     * @param heartbeat the body, {@code null} when there was none
     * @throws IllegalArgumentException for a body that is not a valid heartbeat (answered 400)
     */
    Mono<HeartbeatAnswer> accept(String robotId, String tenantId, Heartbeat heartbeat) {
        RobotHeartbeatReceived event = received(robotId, tenantId, heartbeat);
        return Mono.fromFuture(producer.send(codec.toRecord(Topics.ROBOT_REPORTS, robotId, event, robotId)))
                .then(Mono.fromSupplier(() -> new HeartbeatAnswer(relay.take(robotId), pollAfterMs)));
    }

    private static RobotHeartbeatReceived received(String robotId, String tenantId, Heartbeat heartbeat) {
        if (heartbeat == null || heartbeat.runningJobIds() == null) {
            throw new IllegalArgumentException("runningJobIds is required, an empty list when no job runs: "
                    + "{\"runningJobIds\": [], \"capacity\": 1}");
        }
        List<String> listed = heartbeat.runningJobIds();
        if (listed.size() > MAX_RUNNING) {
            throw new IllegalArgumentException("runningJobIds lists " + listed.size() + " jobs; at most "
                    + MAX_RUNNING + " are accepted");
        }
        List<String> running = new ArrayList<>(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            running.add(RobotInput.uuid(listed.get(i), "runningJobIds[" + i + "]"));
        }
        int capacity = heartbeat.capacity() == null ? 1 : heartbeat.capacity();
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity is " + capacity + "; it must be 1 to " + MAX_CAPACITY);
        }
        return new RobotHeartbeatReceived(robotId, tenantId, List.copyOf(running), capacity, Instant.now());
    }
}
