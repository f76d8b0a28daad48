package org.jobplatform.maintenance.drain;

import java.util.function.Consumer;

import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.maintenance.window.AutoSuspender;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Consumes {@code jobs.events.v1} in group {@code maintenance-service} (binding {@code drainProgress-in-0}):
 * stores drain progress reports and ignores the other job events. A message without a CloudEvents type or with
 * data that does not decode fails three attempts and goes to {@code jobs.events.v1.maintenance-service.dlt}.
 * Idempotent by report time: a report not newer than the stored one changes nothing.
 */
@Configuration(proxyBeanMethods = false)
public class DrainProgressConsumer {

    @Bean
    Consumer<Message<byte[]>> drainProgress(DrainProgressStore store, EventCodec codec, AutoSuspender autoSuspender) {
        return message -> {
            String ceType = EventCodec.type(message);
            if (ceType == null) {
                throw new UndecodableEventException("message without " + CloudEventHeaders.TYPE + " header");
            }
            if (!EventTypes.DRAIN_PROGRESS_REPORTED.equals(ceType)) {
                return;
            }
            DrainProgressReported report = codec.decode(message.getPayload(), DrainProgressReported.class);
            if (report.tenantId() == null || report.asOf() == null) {
                throw new UndecodableEventException("drain progress without tenantId or asOf");
            }
            store.record(report).filter(stored -> stored)
                    .flatMap(stored -> autoSuspender.progressChanged(report.tenantId()))
                    .block(java.time.Duration.ofSeconds(10));
        };
    }
}
