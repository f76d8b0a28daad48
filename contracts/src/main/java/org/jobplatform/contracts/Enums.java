package org.jobplatform.contracts;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive parsing of enum values with an error that names the accepted ones. */
public final class Enums {

    /** The constant named by {@code value} in any case; an error names {@code what} and the accepted values. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required; accepted: " + accepted(type));
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + value + "' is not a valid " + what + "; accepted: " + accepted(type), e);
        }
    }

    private static <E extends Enum<E>> String accepted(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private Enums() {
    }
}
