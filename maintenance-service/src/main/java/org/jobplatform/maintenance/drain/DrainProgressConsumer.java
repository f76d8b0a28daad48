package org.jobplatform.maintenance.drain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.Topics;
import org.jobplatform.maintenance.window.AutoSuspender;
import org.jobplatform.starter.messaging.BatchRecords;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.messaging.TopicFollower;
import org.jobplatform.starter.messaging.UndecodableEventException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import reactor.core.publisher.Flux;

/**
 * Consumes {@code jobs.events.v1} in group {@code maintenance-service} (binding {@code drainProgress-in-0}), in
 * batches: stores drain progress reports and ignores the other job events, which are most of the topic (a drain of
 * 10,000 jobs publishes 20,000 state changes), without decoding them. Of a batch's reports only each tenant's newest
 * is stored: the store keeps the newest anyway. A record without a CloudEvents type, or a report that does not decode
 * or lacks its tenant or time, goes to {@code jobs.events.v1.maintenance-service.dlt} with the error in its headers,
 * and the batch goes on; a failure to store fails the batch, which is delivered again. Idempotent by report time: a
 * report not newer than the stored one changes nothing.
 */
@Configuration(proxyBeanMethods = false)
public class DrainProgressConsumer {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Bean
    Consumer<Message<List<byte[]>>> drainProgress(DrainProgressStore store, EventCodec codec,
            AutoSuspender autoSuspender, EventProducer producer) {
        TopicFollower.DeadLetters deadLetters = TopicFollower.DeadLetters.to(producer, "maintenance-service");
        return message -> {
            BatchRecords batch = BatchRecords.of(message, Topics.JOB_EVENTS);
            Map<String, DrainProgressReported> newest = new LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                String type = batch.type(i);
                if (type != null && !EventTypes.DRAIN_PROGRESS_REPORTED.equals(type)) {
                    continue;
                }
                DrainProgressReported report;
                try {
                    report = decode(codec, type, batch.payload(i));
                } catch (UndecodableEventException e) {
                    deadLetters.send(batch.record(i), e);
                    continue;
                }
                newest.merge(report.tenantId(), report, (a, b) -> b.asOf().isAfter(a.asOf()) ? b : a);
            }
            Flux.fromIterable(newest.values())
                    .concatMap(report -> store.record(report).filter(stored -> stored)
                            .flatMap(stored -> autoSuspender.progressChanged(report.tenantId())))
                    .then().block(TIMEOUT);
        };
    }

    private static DrainProgressReported decode(EventCodec codec, String type, byte[] payload) {
        if (type == null) {
            throw new UndecodableEventException("message without " + CloudEventHeaders.TYPE + " header");
        }
        DrainProgressReported report = codec.decode(payload, DrainProgressReported.class);
        if (report.tenantId() == null || report.asOf() == null) {
            throw new UndecodableEventException("drain progress without tenantId or asOf");
        }
        return report;
    }
}
