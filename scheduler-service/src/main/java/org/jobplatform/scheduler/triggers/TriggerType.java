package org.jobplatform.scheduler.triggers;

import org.jobplatform.contracts.Enums;

/** How a trigger's times are given: a cron expression, one moment, or a fixed interval. */
public enum TriggerType {
    CRON, ONCE, INTERVAL;

    /** Parses case-insensitively; throws {@link IllegalArgumentException} naming the accepted values. */
    public static TriggerType parse(String value) {
        return Enums.parse(TriggerType.class, value, "type");
    }
}
