package org.jobplatform.contracts;

/** How running jobs are drained: stopped (the default) or left to finish. */
public enum DrainStrategy {
    STOP, FINISH;

    /** Parses case-insensitively; throws {@link IllegalArgumentException} naming the accepted values. */
    public static DrainStrategy parse(String value) {
        return Enums.parse(DrainStrategy.class, value, "strategy");
    }
}
