package org.jobplatform.audit.ingest.messaging;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jobplatform.audit.event.RawEvent;
import org.jobplatform.audit.ingest.Ingestion;
import org.jobplatform.contracts.Topics;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.BackOff;

/**
 * The live consumers, in group {@code audit-service}, one binding per topic the audit replays:
 * {@code phaseChanges-in-0} ({@code maintenance.phase-changes.v1}), {@code jobEvents-in-0} ({@code jobs.events.v1})
 * and {@code schedulerExecutions-in-0} ({@code scheduler.executions.v1}). Each takes a batch per poll (raw bytes,
 * native decoding) and hands it to {@link Ingestion}. A record that can never be processed goes to
 * {@code <topic>.audit-service.dlt} at once and the batch goes on; a batch the database failed is delivered again, up
 * to three attempts in all with the binding's back-off, then its records go to the same dead-letter topic (a replay
 * restores what they said, since the topics keep every event). Idempotent by CloudEvents id and by natural-key
 * upserts; see {@link Ingestion}.
 *
 * <p>The binder's own retry and dead-lettering do not apply to batches (it retries a failed batch ten times and then
 * discards it with a log line), so the retries and the dead-lettering are the listener container's: a
 * {@link DefaultErrorHandler} with the binding's back-off that gives each record of an exhausted batch to
 * {@link Ingestion#giveUp}.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConsumers {

    @Bean
    ListenerContainerWithDlqAndRetryCustomizer batchRetries(Ingestion ingestion) {
        return new ListenerContainerWithDlqAndRetryCustomizer() {
            @Override
            public void configure(AbstractMessageListenerContainer<?, ?> container, String destination, String group,
                    BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                    BackOff backOff) {
                container.setCommonErrorHandler(new DefaultErrorHandler((record, error) -> ingestion.giveUp(
                        RawEvent.of(record), cause(error)), backOff));
            }

            @Override
            public boolean retryAndDlqInBinding(String destination, String group) {
                return false;
            }
        };
    }

    private static Exception cause(Exception error) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(error);
        return cause instanceof Exception e ? e : error;
    }

    @Bean
    Consumer<Message<List<byte[]>>> phaseChanges(Ingestion ingestion) {
        return message -> ingestion.accept(Topics.PHASE_CHANGES, BatchRecords.of(Topics.PHASE_CHANGES, message));
    }

    @Bean
    Consumer<Message<List<byte[]>>> jobEvents(Ingestion ingestion) {
        return message -> ingestion.accept(Topics.JOB_EVENTS, BatchRecords.of(Topics.JOB_EVENTS, message));
    }

    @Bean
    Consumer<Message<List<byte[]>>> schedulerExecutions(Ingestion ingestion) {
        return message -> ingestion.accept(Topics.SCHEDULER_EXECUTIONS,
                BatchRecords.of(Topics.SCHEDULER_EXECUTIONS, message));
    }
}
