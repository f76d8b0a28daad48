package org.jobplatform.contracts;

import java.util.Locale;

/** A maintenance phase, ordered from weakest to strongest. */
public enum Phase {
    NONE, DRAINING, SUSPENDED;

    /** The stronger of two phases: a tenant's effective phase is the stronger of host and tenant phase. */
    public Phase strongest(Phase other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }

    /** Whether new work (jobs, trigger firings) is refused in this phase. */
    public boolean refusesNewWork() {
        return this != NONE;
    }

    /** Parses case-insensitively; throws {@link IllegalArgumentException} naming the accepted values. */
    public static Phase parse(String value) {
        return Enums.parse(Phase.class, value, "phase");
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
