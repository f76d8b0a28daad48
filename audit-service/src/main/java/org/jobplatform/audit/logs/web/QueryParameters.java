package org.jobplatform.audit.logs.web;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.util.MultiValueMap;

/** Refuses query parameters an endpoint does not know, or gives twice, naming the ones it accepts. */
public final class QueryParameters {

    /** Throws {@link IllegalArgumentException} (400) for an unknown or repeated parameter. */
    public static void check(MultiValueMap<String, String> given, Set<String> accepted) {
        for (var entry : given.entrySet()) {
            if (!accepted.contains(entry.getKey())) {
                throw new IllegalArgumentException("unknown query parameter '" + entry.getKey() + "'; accepted: "
                        + (accepted.isEmpty() ? "none" : String.join(", ", new TreeSet<>(accepted))));
            }
            if (entry.getValue().size() > 1) {
                throw new IllegalArgumentException("query parameter '" + entry.getKey() + "' is given "
                        + entry.getValue().size() + " times; give it once");
            }
        }
    }

    /** A whole number within bounds, or the default when the parameter is absent. */
    public static int number(String value, String name, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + number);
        }
        return number;
    }

    private QueryParameters() {
    }
}
