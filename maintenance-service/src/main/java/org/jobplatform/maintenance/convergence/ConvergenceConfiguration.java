package org.jobplatform.maintenance.convergence;

import java.util.HashMap;
import java.util.Map;

import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.MaintenanceAutoConfiguration.KafkaClientSettings;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.messaging.TopicFollower;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Follows the acks topic from a little before now into the instance registry. */
@Configuration(proxyBeanMethods = false)
public class ConvergenceConfiguration {

    @Bean
    PropagationMetrics propagationMetrics(org.jobplatform.starter.phase.PhaseView view,
            io.micrometer.core.instrument.MeterRegistry registry) {
        return new PropagationMetrics(view, registry);
    }

    @Bean
    InstanceRegistry instanceRegistry(EventCodec codec, ConvergenceProperties properties, PropagationMetrics metrics) {
        return new InstanceRegistry(codec, properties, metrics);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    TopicFollower acksFollower(KafkaClientSettings kafka, InstanceRegistry registry, ConvergenceProperties properties,
            EventProducer producer) {
        Map<String, Object> consumer = new HashMap<>(kafka.properties());
        consumer.put("client.id", "maintenance-service-acks-" + java.util.UUID.randomUUID());
        return new TopicFollower(Topics.ACKS, consumer, new TopicFollower.StartFrom.LookBack(properties.forgetAfter()),
                registry, () -> { }, TopicFollower.DeadLetters.to(producer, "maintenance-service"));
    }
}
