package org.jobplatform.job.lifecycle.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.contracts.Topics;
import org.jobplatform.job.lifecycle.JobActivity;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.job.robots.Reconciler;
import org.jobplatform.starter.messaging.BatchRecords;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.messaging.TopicFollower;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Consumes {@code robots.reports.v1} in group {@code job-service} (binding {@code robotReports-in-0}), in batches
 * (a drain confirms thousands of jobs at once): the batch's job state reports are applied together in one
 * transaction, then each robot's latest heartbeat in the batch goes to the {@link Reconciler} (older ones say
 * nothing the latest does not; a consumer that fell behind catches up instead of replaying them). A record that
 * cannot be decoded goes to {@code robots.reports.v1.job-service.dlt} with the error in its headers, and the batch
 * goes on; a failure to apply (the database) fails the batch, which is delivered again. While a drain sweep of this
 * instance runs, a batch waits for its end, at most {@code jobs.reports.wait-for-sweep} (decision 21). Idempotent by
 * state: a report of the state the job is already in changes nothing, and a report the lifecycle does not allow (a
 * job that has ended, another tenant's job) is ignored; the Reconciler says what makes a heartbeat harmless twice.
 */
@Configuration(proxyBeanMethods = false)
public class RobotReportsConsumer {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String GROUP = "job-service";

    @Bean
    Consumer<Message<List<byte[]>>> robotReports(JobService jobs, Reconciler reconciler, EventCodec codec,
            EventProducer producer, JobActivity activity, MeterRegistry registry,
            @Value("${jobs.reports.wait-for-sweep:2s}") Duration waitForSweep) {
        TopicFollower.DeadLetters deadLetters = TopicFollower.DeadLetters.to(producer, GROUP);
        Gauge.builder("jobs.reports.waiting", activity, JobActivity::waitingForSweep)
                .description("Batches of robot reports waiting for a drain sweep of this instance to end")
                .register(registry);
        return message -> {
            // the Stops of a sweep under way reach the robots first; the reports of those already stopped wait
            if (!waitForSweep.isZero()) {
                activity.awaitNoSweep(waitForSweep);
            }
            BatchRecords batch = BatchRecords.of(message, Topics.ROBOT_REPORTS);
            List<JobStateReported> reports = new ArrayList<>();
            Map<String, RobotHeartbeatReceived> heartbeats = new LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                Object decoded;
                try {
                    decoded = decode(codec, batch.type(i), batch.payload(i));
                } catch (UndecodableEventException e) {
                    deadLetters.send(batch.record(i), e);
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
