package org.jobplatform.scheduler.triggers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive parsing of the API's enum values, with an error that names the accepted ones. */
final class EnumValues {

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required; accepted: " + accepted(type));
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid " + field + "; accepted: "
                    + accepted(type), e);
        }
    }

    private static <E extends Enum<E>> String accepted(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private EnumValues() {
    }
}
