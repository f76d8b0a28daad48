package org.jobplatform.starter.web;

import java.util.regex.Pattern;

/** The one rule for names in the APIs (processes, triggers, robots named in a request). */
public final class Names {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/-]{0,199}");

    /**
     * A name as given, or {@code null} when it is absent and not required.
     *
     * @throws IllegalArgumentException naming the field, when it is required and absent, or not a valid name
     */
    public static String check(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' is not valid: use 1 to 200 letters, digits, "
                    + "spaces or . _ : / -, starting with a letter or digit");
        }
        return value;
    }

    private Names() {
    }
}
