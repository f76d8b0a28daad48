package org.jobplatform.maintenance.convergence;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.InstanceHeartbeat;
import org.jobplatform.contracts.PhaseApplied;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;

/**
 * The latest ack or heartbeat of every instance. A message older than the one held is ignored, and epochs only
 * grow, so a repeated or late message changes nothing.
 */
public class InstanceRegistry implements java.util.function.Consumer<ConsumerRecord<String, byte[]>> {

    private final Map<String, InstanceStatus> instances = new ConcurrentHashMap<>();
    private final EventCodec codec;
    private final ConvergenceProperties properties;
    private final PropagationMetrics metrics;

    public InstanceRegistry(EventCodec codec, ConvergenceProperties properties, PropagationMetrics metrics) {
        this.codec = codec;
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    public void accept(ConsumerRecord<String, byte[]> record) {
        String type = EventCodec.type(record);
        if (EventTypes.INSTANCE_HEARTBEAT.equals(type)) {
            InstanceHeartbeat beat = codec.decode(record.value(), InstanceHeartbeat.class);
            update(new InstanceStatus(beat.service(), beat.instanceId(), beat.appliedEpochs(), beat.at(),
                    beat.intervalMs(), beat.ready()));
        } else if (EventTypes.PHASE_APPLIED.equals(type)) {
            PhaseApplied ack = codec.decode(record.value(), PhaseApplied.class);
            InstanceStatus known = instances.get(ack.instanceId());
            update(new InstanceStatus(ack.service(), ack.instanceId(), ack.appliedEpochs(), ack.appliedAt(),
                    known == null ? 0 : known.intervalMs(), true));
            metrics.onAck(this, ack.scope(), Instant.now());
        } else {
            throw new UndecodableEventException("unexpected ce_type '" + type + "' on the acks topic");
        }
    }

    void update(InstanceStatus status) {
        if (status.instanceId() == null || status.lastSeen() == null) {
            throw new UndecodableEventException("ack or heartbeat without instanceId or time");
        }
        instances.merge(status.instanceId(), status, (old, now) -> {
            if (now.lastSeen().isBefore(old.lastSeen())) {
                return old;
            }
            Map<String, Long> epochs = new java.util.TreeMap<>(old.appliedEpochs());
            now.appliedEpochs().forEach((scope, epoch) -> epochs.merge(scope, epoch, Math::max));
            return new InstanceStatus(now.service(), now.instanceId(), epochs, now.lastSeen(),
                    now.intervalMs() > 0 ? now.intervalMs() : old.intervalMs(), now.ready());
        });
    }

    /** Whether the instance's last message is within the failover timeout. */
    public boolean alive(InstanceStatus status, Instant now) {
        return !status.lastSeen().plus(failoverTimeout(status)).isBefore(now);
    }

    /** Heartbeat interval times the heartbeats an instance may miss. */
    public Duration failoverTimeout(InstanceStatus status) {
        long interval = status.intervalMs() > 0 ? status.intervalMs() : 2000;
        return Duration.ofMillis(interval * properties.missedHeartbeats());
    }

    /** Every instance seen within {@code forgetAfter}, by service and id. */
    public List<InstanceStatus> instances(Instant now) {
        instances.values().removeIf(s -> s.lastSeen().plus(properties.forgetAfter()).isBefore(now));
        return instances.values().stream()
                .sorted(Comparator.comparing(InstanceStatus::service).thenComparing(InstanceStatus::instanceId))
                .toList();
    }
}
