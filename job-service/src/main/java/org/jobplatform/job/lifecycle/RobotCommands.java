package org.jobplatform.job.lifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.MaintenanceAutoConfiguration.KafkaClientSettings;
import org.jobplatform.starter.MaintenanceProperties;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends robot commands straight to {@code robots.commands.v1} once the change that issued them has committed, not
 * through the outbox (decision 15). Commands are delivered fast and made certain by reconciliation (DESIGN §4): the
 * job row notes when its command went out ({@code command_sent_at}, in the same transaction as the change), and a
 * heartbeat that still shows the job not acted on after the resend time gets the command again. A command lost here,
 * by a failed send or a crash between the commit and the send, costs that time, never correctness; the outbox would
 * put a second write and the relay's pace on every command for a certainty reconciliation gives anyway.
 * <p>
 * Commands are encoded and handed to the producer on one thread of their own, in the order they were given, so the
 * database's threads never wait for the broker and a robot's commands stay in order (they share a partition).
 */
@Component
public class RobotCommands implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RobotCommands.class);
    /** A drain hands over thousands of commands at once: large batches leave in a few produce requests. */
    private static final int BATCH_BYTES = 512 * 1024;

    private final EventProducer producer;
    private final EventCodec codec;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "robot-commands");
        thread.setDaemon(true);
        return thread;
    });
    private final Counter sent;
    private final Counter failed;

    public RobotCommands(KafkaClientSettings kafka, MaintenanceProperties properties, EventCodec codec,
            MeterRegistry registry, @Value("${jobs.commands.linger:2ms}") Duration linger) {
        Map<String, Object> props = new HashMap<>(kafka.properties());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, properties.getInstance().resolveId("job-service") + "-commands");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        // a broker that cannot be reached fails a send within seconds, not the default minute: reconciliation
        // sends the command again, and the commands behind it are not held up that long
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        this.producer = new EventProducer(props);
        this.codec = codec;
        this.sent = outcome(registry, "sent");
        this.failed = outcome(registry, "failed");
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("jobs.commands").description("Robot commands handed to the broker, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /**
     * Sends committed commands, in order, without waiting for the broker; a command the broker does not take is
     * logged and counted, and reconciliation sends it again.
     */
    public void send(List<RobotCommandIssued> commands) {
        if (commands.isEmpty()) {
            return;
        }
        sender.execute(() -> {
            AtomicInteger unsent = new AtomicInteger();
            for (RobotCommandIssued command : commands) {
                ProducerRecord<String, byte[]> record;
                try {
                    record = EventCodec.toRecord(Topics.ROBOT_COMMANDS, command.robotId(), command.commandId(),
                            EventTypes.ROBOT_COMMAND_ISSUED, codec.source(), command.jobId(), command.issuedAt(),
                            codec.toJson(command));
                } catch (RuntimeException e) {
                    failed(command, e, unsent);
                    continue;
                }
                // a send that fails at once calls back at once, like one the broker refuses
                producer.send(record, (metadata, error) -> {
                    if (error == null) {
                        sent.increment();
                    } else {
                        failed(command, error, unsent);
                    }
                });
            }
        });
    }

    private void failed(RobotCommandIssued command, Throwable error, AtomicInteger unsent) {
        failed.increment();
        // one line per failing batch, not per command: a broker outage would otherwise log every command of a drain
        if (unsent.getAndIncrement() == 0) {
            log.warn("{} {} of job {} for robot {} (and maybe others of its batch) was not sent; reconciliation "
                    + "sends it again: {}", command.type(), command.commandId(), command.jobId(), command.robotId(),
                    error.toString());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        // commands handed over before the shutdown still leave; the producer's close waits for their acknowledgement
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        producer.close();
    }
}
