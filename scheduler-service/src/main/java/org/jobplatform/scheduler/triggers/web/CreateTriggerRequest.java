package org.jobplatform.scheduler.triggers.web;

import java.util.Map;

/**
 * The body of {@code POST /api/triggers}. Enum values are case-insensitive; see
 * {@link org.jobplatform.scheduler.triggers.TriggerDefinition} for every rule.
 *
 * @param name            the trigger's name (required)
 * @param processName     the automation to run (required)
 * @param robotId         a robot of the tenant, or {@code null} for any free one
 * @param inputArguments  input arguments, a JSON object
 * @param type            CRON, ONCE or INTERVAL (required)
 * @param cron            six fields, seconds first (CRON only)
 * @param at              an ISO-8601 moment in the future (ONCE only)
 * @param intervalSeconds at least 1 (INTERVAL only)
 * @param timeZone        the zone cron times are read in; UTC when absent
 * @param misfirePolicy   SKIP or RUN_ONCE_AFTER_MAINTENANCE; ONCE defaults to the latter, the others to SKIP
 * @param exempt          keeps firing in maintenance; host admins only
 * @param tenantId        the trigger's tenant: required from a host admin, else the caller's own (or absent)
 */
public record CreateTriggerRequest(String name, String processName, String robotId,
        Map<String, Object> inputArguments, String type, String cron, String at, Long intervalSeconds, String timeZone,
        String misfirePolicy, Boolean exempt, String tenantId) {
}
