package org.jobplatform.starter.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.MaintenanceProperties;

/**
 * Creates the platform's topics if they are missing: the ones the audit replays keep their events forever by
 * default, the acks topic keeps an hour. Existing topics are left as they are.
 */
public class TopicProvisioner {

    private final Map<String, Object> adminProperties;
    private final MaintenanceProperties.TopicSettings settings;

    public TopicProvisioner(Map<String, Object> adminProperties, MaintenanceProperties.TopicSettings settings) {
        this.adminProperties = adminProperties;
        this.settings = settings;
    }

    /** The topics with their settings. */
    public List<NewTopic> topics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.ALL) {
            NewTopic topic = new NewTopic(name, settings.getPartitions(), settings.getReplicationFactor());
            if (Topics.REPLAYED_BY_AUDIT.contains(name)) {
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.getAuditRetentionMs()),
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1"));
            } else if (Topics.ACKS.equals(name)) {
                topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(settings.getAcksRetention().toMillis())));
            }
            topics.add(topic);
        }
        return topics;
    }

    /** Creates what is missing; waits for the broker's answer. */
    public void createMissing() {
        try (Admin admin = Admin.create(adminProperties)) {
            for (var entry : admin.createTopics(topics()).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
