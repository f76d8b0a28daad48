package org.jobplatform.scheduler.answers;

import java.time.Duration;
import java.util.function.Consumer;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobRequestAccepted;
import org.jobplatform.contracts.JobRequestRefused;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Consumes {@code jobs.events.v1} in group {@code scheduler-service} (binding {@code jobEvents-in-0}) for the
 * answers to job requests; the topic's other events (job states, drain progress) are not for the scheduler and are
 * passed over. An answer without a request id, or whose data does not decode, fails three attempts and goes to
 * {@code jobs.events.v1.scheduler-service.dlt}. Idempotent: see {@link JobAnswers}.
 */
@Configuration(proxyBeanMethods = false)
public class JobEventsConsumer {

    @Bean
    Consumer<Message<byte[]>> jobEvents(JobAnswers answers, EventCodec codec) {
        return message -> {
            String type = EventCodec.type(message);
            if (EventTypes.JOB_REQUEST_ACCEPTED.equals(type)) {
                JobRequestAccepted accepted = codec.decode(message.getPayload(), JobRequestAccepted.class);
                if (accepted.requestId() == null || accepted.jobId() == null) {
                    throw new UndecodableEventException("job request accepted without requestId or jobId");
                }
                answers.accepted(accepted).block(Duration.ofSeconds(10));
            } else if (EventTypes.JOB_REQUEST_REFUSED.equals(type)) {
                JobRequestRefused refused = codec.decode(message.getPayload(), JobRequestRefused.class);
                if (refused.requestId() == null) {
                    throw new UndecodableEventException("job request refused without requestId");
                }
                answers.refused(refused).block(Duration.ofSeconds(10));
            }
        };
    }
}
