package org.jobplatform.job.lifecycle.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.job.robots.Reconciler;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.messaging.TopicFollower;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

/**
 * Consumes {@code robots.reports.v1} in group {@code job-service} (binding {@code robotReports-in-0}), in batches
 * (a drain confirms thousands of jobs at once): the batch's job state reports are applied together in one
 * transaction, then each robot's latest heartbeat in the batch goes to the {@link Reconciler} (older ones say
 * nothing the latest does not; a consumer that fell behind catches up instead of replaying them). A record that
 * cannot be decoded goes to {@code robots.reports.v1.job-service.dlt} with the error in its headers, and the batch
 * goes on; a failure to apply (the database) fails the batch, which is delivered again. Idempotent by state: a
 * report of the state the job is already in changes nothing, and a report the lifecycle does not allow (a job that
 * has ended, another tenant's job) is ignored; the Reconciler says what makes a heartbeat harmless twice.
 */
@Configuration(proxyBeanMethods = false)
public class RobotReportsConsumer {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String GROUP = "job-service";

    @Bean
    Consumer<Message<List<byte[]>>> robotReports(JobService jobs, Reconciler reconciler, EventCodec codec,
            EventProducer producer) {
        TopicFollower.DeadLetters deadLetters = TopicFollower.DeadLetters.to(producer, GROUP);
        return message -> {
            List<byte[]> payloads = message.getPayload();
            List<?> offsets = message.getHeaders().get(KafkaHeaders.OFFSET, List.class);
            if (offsets != null && offsets.size() != payloads.size()) {
                // a record the binder could not convert would vanish from the batch: never let it pass silently
                throw new IllegalStateException("a batch of " + offsets.size() + " records arrived with "
                        + payloads.size() + " payloads; the binding must use native decoding");
            }
            List<?> headers = message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.class);
            List<JobStateReported> reports = new ArrayList<>();
            Map<String, RobotHeartbeatReceived> heartbeats = new LinkedHashMap<>();
            for (int i = 0; i < payloads.size(); i++) {
                Object decoded;
                try {
                    decoded = decode(codec, type(headers, i), payloads.get(i));
                } catch (UndecodableEventException e) {
                    deadLetters.send(record(message, headers, i), e);
                    continue;
                }
                if (decoded instanceof JobStateReported report) {
                    reports.add(report);
                } else {
                    // only a robot's latest heartbeat says what it runs now
                    heartbeats.merge(((RobotHeartbeatReceived) decoded).robotId(), (RobotHeartbeatReceived) decoded,
                            (a, b) -> b.at().isAfter(a.at()) ? b : a);
                }
            }
            if (!reports.isEmpty()) {
                jobs.robotReported(reports).block(TIMEOUT);
            }
            if (!heartbeats.isEmpty()) {
                reconciler.heartbeats(List.copyOf(heartbeats.values())).block(TIMEOUT);
            }
        };
    }

    /** The batch's record at {@code index} as Kafka had it, for the dead-letter topic. */
    private static ConsumerRecord<String, byte[]> record(Message<List<byte[]>> message, List<?> headers, int index) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.ROBOT_REPORTS,
                ((Number) at(message, KafkaHeaders.RECEIVED_PARTITION, index, -1)).intValue(),
                ((Number) at(message, KafkaHeaders.OFFSET, index, -1L)).longValue(),
                EventCodec.headerText(at(message, KafkaHeaders.RECEIVED_KEY, index, null)),
                message.getPayload().get(index));
        if (headers != null && index < headers.size() && headers.get(index) instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                String text = EventCodec.headerText(value);
                if (text != null) {
                    record.headers().add(name.toString(), text.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        return record;
    }

    private static Object at(Message<?> message, String header, int index, Object fallback) {
        Object values = message.getHeaders().get(header);
        return values instanceof List<?> list && index < list.size() && list.get(index) != null ? list.get(index)
                : fallback;
    }

    private static String type(List<?> headers, int index) {
        if (headers == null || index >= headers.size() || !(headers.get(index) instanceof Map<?, ?> map)) {
            return null;
        }
        return EventCodec.headerText(map.get(CloudEventHeaders.TYPE));
    }

    private static Object decode(EventCodec codec, String type, byte[] payload) {
        if (EventTypes.ROBOT_HEARTBEAT_RECEIVED.equals(type)) {
            RobotHeartbeatReceived heartbeat = codec.decode(payload, RobotHeartbeatReceived.class);
            if (heartbeat.robotId() == null || heartbeat.tenantId() == null || heartbeat.at() == null) {
                throw new UndecodableEventException("robot heartbeat without robotId, tenantId or at");
            }
            return heartbeat;
        }
        if (!EventTypes.JOB_STATE_REPORTED.equals(type)) {
            throw new UndecodableEventException("expected ce_type " + EventTypes.JOB_STATE_REPORTED + " or "
                    + EventTypes.ROBOT_HEARTBEAT_RECEIVED + " but got '" + type + "'");
        }
        JobStateReported report = codec.decode(payload, JobStateReported.class);
        if (report.jobId() == null || report.state() == null || report.tenantId() == null) {
            throw new UndecodableEventException("job state report without jobId, state or tenantId");
        }
        return report;
    }
}
