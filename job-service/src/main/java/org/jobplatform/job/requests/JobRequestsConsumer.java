package org.jobplatform.job.requests;

import java.time.Duration;
import java.util.function.Consumer;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Consumes {@code scheduler.job-requests.v1} in group {@code job-service} (binding {@code jobRequests-in-0}). A
 * request without a type, id, tenant or process fails three attempts and goes to
 * {@code scheduler.job-requests.v1.job-service.dlt}. Idempotent by request id: a request answered before is
 * skipped.
 */
@Configuration(proxyBeanMethods = false)
public class JobRequestsConsumer {

    @Bean
    Consumer<Message<byte[]>> jobRequests(JobRequestHandler handler, EventCodec codec) {
        return message -> {
            String ceType = EventCodec.type(message);
            if (!EventTypes.JOB_REQUESTED.equals(ceType)) {
                throw new UndecodableEventException("expected ce_type " + EventTypes.JOB_REQUESTED + " but got '"
                        + ceType + "'");
            }
            JobRequested request = codec.decode(message.getPayload(), JobRequested.class);
            if (request.requestId() == null || request.tenantId() == null || request.processName() == null) {
                throw new UndecodableEventException("job request without requestId, tenantId or processName");
            }
            handler.handle(request).block(Duration.ofSeconds(10));
        };
    }
}
