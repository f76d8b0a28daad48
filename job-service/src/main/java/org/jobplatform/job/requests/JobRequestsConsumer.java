package org.jobplatform.job.requests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobRequested;
import org.jobplatform.contracts.JobsRequested;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Consumes {@code scheduler.job-requests.v1} in group {@code job-service} (binding {@code jobRequests-in-0}): a
 * record is either one {@code JobRequested} or a {@code JobsRequested}, the requests of one tenant's triggers that
 * fired at the same moment, each answered in order exactly as if it had come alone. A record of another type, a
 * request without an id, tenant or process, or a {@code JobsRequested} without requests fails three attempts and
 * goes to {@code scheduler.job-requests.v1.job-service.dlt}; an invalid request of a {@code JobsRequested} does not
 * stop the others: they are answered first, then the record goes there. Idempotent by request id: a request
 * answered before is skipped, so a record retried after a failure, or replayed from the dead-letter topic, answers
 * only the requests not answered yet.
 */
@Configuration(proxyBeanMethods = false)
public class JobRequestsConsumer {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Bean
    Consumer<Message<byte[]>> jobRequests(JobRequestHandler handler, EventCodec codec) {
        return message -> {
            String ceType = EventCodec.type(message);
            if (EventTypes.JOB_REQUESTED.equals(ceType)) {
                JobRequested request = codec.decode(message.getPayload(), JobRequested.class);
                if (!valid(request)) {
                    throw new UndecodableEventException("job request without requestId, tenantId or processName");
                }
                handler.handle(request).block(TIMEOUT);
            } else if (EventTypes.JOBS_REQUESTED.equals(ceType)) {
                handleAll(handler, codec.decode(message.getPayload(), JobsRequested.class));
            } else {
                throw new UndecodableEventException("expected ce_type " + EventTypes.JOB_REQUESTED + " or "
                        + EventTypes.JOBS_REQUESTED + " but got '" + ceType + "'");
            }
        };
    }

    /** Answers every valid request in order, then refuses the record if any request was invalid. */
    private static void handleAll(JobRequestHandler handler, JobsRequested batch) {
        List<JobRequested> requests = batch.requests();
        if (requests == null || requests.isEmpty()) {
            throw new UndecodableEventException("JobsRequested without requests");
        }
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            JobRequested request = requests.get(i);
            if (valid(request)) {
                handler.handle(request).block(TIMEOUT);
            } else {
                invalid.add("#" + (i + 1)
                        + (request == null ? " (null)" : " (requestId " + request.requestId() + ")"));
            }
        }
        if (!invalid.isEmpty()) {
            throw new UndecodableEventException(invalid.size() + " of " + requests.size()
                    + " job requests invalid (without requestId, tenantId or processName), the others answered: "
                    + String.join(", ", invalid));
        }
    }

    private static boolean valid(JobRequested request) {
        return request != null && request.requestId() != null && request.tenantId() != null
                && request.processName() != null;
    }
}
