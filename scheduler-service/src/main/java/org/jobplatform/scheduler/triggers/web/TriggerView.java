package org.jobplatform.scheduler.triggers.web;

import java.time.Instant;
import java.util.Map;

import org.jobplatform.scheduler.triggers.Trigger;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A trigger as the API shows it. */
public record TriggerView(String id, String tenantId, String name, String processName, String robotId,
        Map<String, Object> inputArguments, String type, String cron, Instant at, Long intervalSeconds,
        String timeZone, String misfirePolicy, boolean exempt, boolean enabled, Instant createdAt,
        Instant nextFireAt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static TriggerView of(Trigger t) {
        Map<String, Object> input = t.inputArguments() == null ? null
                : JSON.readValue(t.inputArguments(), new TypeReference<Map<String, Object>>() {
                });
        return new TriggerView(t.id(), t.tenantId(), t.name(), t.processName(), t.robotId(), input, t.type().name(),
                t.cron(), t.at(), t.intervalSeconds(), t.timeZone(), t.misfirePolicy().name(), t.exempt(),
                t.enabled(), t.createdAt(), t.enabled() ? t.nextFireAt() : null);
    }
}
