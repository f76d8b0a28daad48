package org.jobplatform.audit.projection;

import java.time.Instant;

/**
 * A trigger execution a window skipped, once per trigger and scheduled time, from the scheduler's record of it or
 * from job-service's refusal of its request.
 *
 * @param key         window, tenant, trigger and scheduled time
 * @param triggerName the trigger's name from the latest execution record naming it, or {@code null}
 * @param nameAt      the time of that record, or {@code null}
 * @param executionId the scheduler's execution id, or {@code null} when only a refusal is known
 * @param outcome     the latest outcome: {@code SKIPPED}, or {@code RUN_AFTER_MAINTENANCE} / {@code BACKFILLED}
 *                    when it ran later
 * @param outcomeAt   when that outcome was recorded
 */
public record SkipFact(Key key, String triggerName, Instant nameAt, String executionId, String outcome,
        Instant outcomeAt) {

    /**
     * The natural key of a skipped execution.
     *
     * @param windowId    the window
     * @param tenantId    the tenant
     * @param triggerId   the trigger
     * @param scheduledAt the execution's scheduled time
     */
    public record Key(String windowId, String tenantId, String triggerId, Instant scheduledAt)
            implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            int c = windowId.compareTo(other.windowId);
            if (c == 0) {
                c = tenantId.compareTo(other.tenantId);
            }
            if (c == 0) {
                c = triggerId.compareTo(other.triggerId);
            }
            return c != 0 ? c : scheduledAt.compareTo(other.scheduledAt);
        }
    }

    /** Two records of one execution together, field by field; commutative, associative and idempotent. */
    public SkipFact merge(SkipFact other) {
        boolean otherName = other.triggerName != null && (triggerName == null
                || other.nameAt.compareTo(nameAt) > 0
                || (other.nameAt.equals(nameAt) && other.triggerName.compareTo(triggerName) > 0));
        boolean otherOutcome = other.outcomeAt.compareTo(outcomeAt) > 0
                || (other.outcomeAt.equals(outcomeAt) && other.outcome.compareTo(outcome) > 0);
        return new SkipFact(key, otherName ? other.triggerName : triggerName, otherName ? other.nameAt : nameAt,
                Facts.greatest(executionId, other.executionId), otherOutcome ? other.outcome : outcome,
                otherOutcome ? other.outcomeAt : outcomeAt);
    }
}
