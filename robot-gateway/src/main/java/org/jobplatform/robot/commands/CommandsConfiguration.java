package org.jobplatform.robot.commands;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.MaintenanceAutoConfiguration.KafkaClientSettings;
import org.jobplatform.starter.instance.InstanceReporter;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.messaging.TopicFollower;
import org.jobplatform.starter.phase.PhaseListener;
import org.jobplatform.starter.phase.PhaseView;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wires the command relay: it follows the whole command topic from now (or the configured look-back) without a
 * consumer group, since every instance must see every robot's commands; undecodable records go to
 * {@code robots.commands.v1.<service>.dlt}. Entering SUSPENDED closes the streams of the robots it cuts off, and a
 * window's maintenance commands are delivered once its first change is applied here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RobotLinkProperties.class)
public class CommandsConfiguration {

    /** Commands the follower takes in one poll at most (the consumer's default is 500). */
    static final int MAX_POLL_RECORDS = 10_000;
    /** Bytes of one partition in one fetch at most (the consumer's default is 1 MB, about 1,400 commands). */
    static final int MAX_PARTITION_FETCH_BYTES = 8 * 1024 * 1024;

    @Bean
    CommandRelay commandRelay(EventCodec codec, RobotLinkProperties properties, PhaseView view,
            MeterRegistry registry) {
        return new CommandRelay(codec, properties.commands(), Clock.systemUTC(),
                tenant -> view.effectivePhase(tenant) == Phase.SUSPENDED, registry);
    }

    @Bean
    PhaseListener commandsFollowThePhase(CommandRelay relay) {
        return (change, catchUp) -> {
            if (change.phase() == Phase.SUSPENDED) {
                relay.closeCutOffStreams();
            }
            if (change.windowId() != null) {
                relay.windowApplied(change.windowId());
            }
        };
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    TopicFollower robotCommandFollower(KafkaClientSettings kafka, CommandRelay relay, RobotLinkProperties properties,
            EventProducer producer, InstanceReporter reporter) {
        Map<String, Object> consumer = new HashMap<>(kafka.properties());
        consumer.put("client.id", reporter.instanceId() + "-commands");
        // a drain's thousands of commands arrive within a second: read them in a few large fetches and polls, so each
        // robot's commands leave in one write and the follower does not wait for fetch after fetch (decision 22)
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        consumer.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES);
        return new TopicFollower(Topics.ROBOT_COMMANDS, consumer,
                new TopicFollower.StartFrom.LookBack(properties.commands().lookBack()), relay::queue,
                relay::deliverQueued, () -> { }, TopicFollower.DeadLetters.to(producer, reporter.service()));
    }
}
