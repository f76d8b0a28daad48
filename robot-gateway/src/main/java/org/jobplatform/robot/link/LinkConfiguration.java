package org.jobplatform.robot.link;

import java.util.HashMap;
import java.util.Map;

import org.jobplatform.robot.commands.RobotLinkProperties;
import org.jobplatform.starter.MaintenanceAutoConfiguration.KafkaClientSettings;
import org.jobplatform.starter.instance.InstanceReporter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the producer of what robots send, beside the instance's own. */
@Configuration(proxyBeanMethods = false)
public class LinkConfiguration {

    @Bean(destroyMethod = "close")
    RobotTrafficProducer robotTrafficProducer(KafkaClientSettings kafka, RobotLinkProperties properties,
            InstanceReporter reporter) {
        Map<String, Object> props = new HashMap<>(kafka.properties());
        props.put("client.id", reporter.instanceId() + "-robot-traffic");
        return new RobotTrafficProducer(props, properties.reports().linger());
    }
}
