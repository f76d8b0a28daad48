package org.jobplatform.job.lifecycle.messaging;

import java.time.Duration;
import java.util.function.Consumer;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.job.robots.Reconciler;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Consumes {@code robots.reports.v1} in group {@code job-service} (binding {@code robotReports-in-0}): job state
 * reports, and heartbeats, which go to the {@link Reconciler} (idempotent as it says). A report
 * that cannot be decoded fails three attempts and goes to {@code robots.reports.v1.job-service.dlt}. Idempotent
 * by state: a report of the state the job is already in changes nothing, and a report the lifecycle does not
 * allow (a job that has ended, another tenant's job) is ignored.
 */
@Configuration(proxyBeanMethods = false)
public class RobotReportsConsumer {

    @Bean
    Consumer<Message<byte[]>> robotReports(JobService jobs, Reconciler reconciler, EventCodec codec) {
        return message -> {
            String ceType = EventCodec.type(message);
            if (EventTypes.ROBOT_HEARTBEAT_RECEIVED.equals(ceType)) {
                RobotHeartbeatReceived heartbeat = codec.decode(message.getPayload(), RobotHeartbeatReceived.class);
                if (heartbeat.robotId() == null || heartbeat.tenantId() == null || heartbeat.at() == null) {
                    throw new UndecodableEventException("robot heartbeat without robotId, tenantId or at");
                }
                reconciler.heartbeat(heartbeat).block(Duration.ofSeconds(10));
                return;
            }
            if (!EventTypes.JOB_STATE_REPORTED.equals(ceType)) {
                throw new UndecodableEventException("expected ce_type " + EventTypes.JOB_STATE_REPORTED + " but got '"
                        + ceType + "'");
            }
            JobStateReported report = codec.decode(message.getPayload(), JobStateReported.class);
            if (report.jobId() == null || report.state() == null || report.tenantId() == null) {
                throw new UndecodableEventException("job state report without jobId, state or tenantId");
            }
            jobs.robotReported(report).block(Duration.ofSeconds(10));
        };
    }
}
