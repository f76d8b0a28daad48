package org.jobplatform.starter;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.gate.MaintenanceGateFilter;
import org.jobplatform.starter.instance.InstanceReporter;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.messaging.EventProducer;
import org.jobplatform.starter.messaging.TopicFollower;
import org.jobplatform.starter.messaging.TopicProvisioner;
import org.jobplatform.starter.outbox.Outbox;
import org.jobplatform.starter.outbox.OutboxRelay;
import org.jobplatform.starter.phase.PhaseListener;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.starter.phase.PhaseViewFeed;
import org.jobplatform.starter.phase.PhaseViewHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.micrometer.core.instrument.MeterRegistry;

/** Wires the maintenance-aware runtime into any service that depends on the starter. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@EnableConfigurationProperties(MaintenanceProperties.class)
public class MaintenanceAutoConfiguration {

    /** The service name: {@code maintenance.instance.service}, else {@code spring.application.name}. */
    static String serviceName(MaintenanceProperties properties, Environment env) {
        String service = properties.getInstance().getService();
        return service != null && !service.isBlank() ? service
                : env.getProperty("spring.application.name", "application");
    }

    /** Client settings shared by every Kafka client the starter makes. */
    @Bean
    KafkaClientSettings kafkaClientSettings(Environment env) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                env.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"));
        return new KafkaClientSettings(props);
    }

    @Bean
    EventCodec eventCodec(MaintenanceProperties properties, Environment env) {
        return new EventCodec("/" + serviceName(properties, env));
    }

    @Bean(destroyMethod = "close")
    EventProducer eventProducer(KafkaClientSettings kafka, MaintenanceProperties properties, Environment env) {
        Map<String, Object> props = new HashMap<>(kafka.properties());
        props.put("client.id", properties.getInstance().resolveId(serviceName(properties, env)) + "-producer");
        return new EventProducer(props);
    }

    @Bean
    org.jobplatform.starter.web.ApiProblemHandler apiProblemHandler() {
        return new org.jobplatform.starter.web.ApiProblemHandler();
    }

    @Bean
    PhaseView phaseView() {
        return new PhaseView();
    }

    @Bean
    PhaseViewHealthIndicator phaseViewHealthIndicator(PhaseView view) {
        return new PhaseViewHealthIndicator(view);
    }

    @Bean(destroyMethod = "close")
    InstanceReporter instanceReporter(MaintenanceProperties properties, Environment env, PhaseView view,
            EventProducer producer, EventCodec codec, MeterRegistry registry) {
        String service = serviceName(properties, env);
        return new InstanceReporter(service, properties.getInstance().resolveId(service),
                properties.getInstance().getHeartbeatInterval(), view, producer, codec, registry);
    }

    @Bean
    MaintenanceGateFilter maintenanceGateFilter(PhaseView view, MaintenanceProperties properties,
            MeterRegistry registry) {
        return new MaintenanceGateFilter(view, properties.getGate(), registry);
    }

    @Bean
    MaintenanceRuntime maintenanceRuntime(MaintenanceProperties properties, Environment env,
            KafkaClientSettings kafka, PhaseView view, EventCodec codec, EventProducer producer,
            InstanceReporter reporter, ObjectProvider<PhaseListener> listeners, MeterRegistry registry) {
        return new MaintenanceRuntime(properties, serviceName(properties, env), kafka, view, codec, producer,
                reporter, listeners, registry);
    }

    @Bean
    @ConditionalOnBean(DatabaseClient.class)
    Outbox outbox(DatabaseClient db, EventCodec codec) {
        return new Outbox(db, codec);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnBean({DatabaseClient.class, TransactionalOperator.class})
    OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator tx, EventProducer producer,
            MaintenanceProperties properties, MeterRegistry registry) {
        OutboxRelay relay = new OutboxRelay(db, tx, producer, properties.getOutbox().getPollInterval(),
                properties.getOutbox().getBatchSize(), registry);
        if (properties.getOutbox().isRelayEnabled()) {
            relay.start();
        }
        return relay;
    }

    /** Kafka client properties (bootstrap servers) shared by the starter's clients. */
    public record KafkaClientSettings(Map<String, Object> properties) {
    }

    /**
     * Starts, in order, topic creation, the phase view's follower and the reporter; stops them in reverse.
     * Registered listeners are attached before the first record is read.
     */
    public static class MaintenanceRuntime implements SmartLifecycle {

        private final MaintenanceProperties properties;
        private final String service;
        private final KafkaClientSettings kafka;
        private final PhaseView view;
        private final EventCodec codec;
        private final EventProducer producer;
        private final InstanceReporter reporter;
        private final ObjectProvider<PhaseListener> listeners;
        private final MeterRegistry registry;
        private TopicFollower follower;
        private volatile boolean running;

        MaintenanceRuntime(MaintenanceProperties properties, String service, KafkaClientSettings kafka,
                PhaseView view, EventCodec codec, EventProducer producer, InstanceReporter reporter,
                ObjectProvider<PhaseListener> listeners, MeterRegistry registry) {
            this.properties = properties;
            this.service = service;
            this.kafka = kafka;
            this.view = view;
            this.codec = codec;
            this.producer = producer;
            this.reporter = reporter;
            this.listeners = listeners;
            this.registry = registry;
        }

        @Override
        public void start() {
            if (properties.getTopics().isCreate()) {
                new TopicProvisioner(kafka.properties(), properties.getTopics()).createMissing();
            }
            view.addListener(reporter);
            listeners.orderedStream().filter(l -> l != reporter).forEach(view::addListener);
            Map<String, Object> consumer = new HashMap<>(kafka.properties());
            consumer.put("client.id", reporter.instanceId() + "-phases");
            follower = new TopicFollower(Topics.PHASE_CHANGES, consumer, new TopicFollower.StartFrom.Beginning(),
                    new PhaseViewFeed(view, codec), () -> {
                        view.markCaughtUp();
                        reporter.heartbeat();
                    }, TopicFollower.DeadLetters.to(producer, service));
            io.micrometer.core.instrument.Gauge.builder("maintenance.phase.view.caught.up",
                    () -> view.isCaughtUp() ? 1 : 0).register(registry);
            follower.start();
            reporter.start();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            reporter.close();
            if (follower != null) {
                follower.close();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** The follower of the phase topic. */
        public TopicFollower follower() {
            return follower;
        }
    }
}
