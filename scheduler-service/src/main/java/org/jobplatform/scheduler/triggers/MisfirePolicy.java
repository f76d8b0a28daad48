package org.jobplatform.scheduler.triggers;

import org.jobplatform.contracts.Enums;

/**
 * What a trigger does about executions it missed, in a maintenance window or while the scheduler was down: never
 * replay them ({@code SKIP}), or run once when it can again ({@code RUN_ONCE_AFTER_MAINTENANCE}).
 */
public enum MisfirePolicy {
    SKIP, RUN_ONCE_AFTER_MAINTENANCE;

    /** Parses case-insensitively; throws {@link IllegalArgumentException} naming the accepted values. */
    public static MisfirePolicy parse(String value) {
        return Enums.parse(MisfirePolicy.class, value, "misfirePolicy");
    }
}
