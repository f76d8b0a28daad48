package org.jobplatform.audit.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Finds the values of a flat JSON object with a known set of fields, in place in the bytes, without building a
 * string: the common form of the events a replay reads (every service writes them with the same object mapper). It
 * takes only the plain case and answers {@code false} for anything else, which the caller then reads with the full
 * reader: a name or text with an escape, a control or non-ASCII character; a nested value, {@code true} or
 * {@code false}; a number that is not a short whole number; a field it was not given; anything after the object but
 * white space. Not thread-safe: one per reading thread.
 */
final class FlatJson {

    /** What a field held. */
    static final byte ABSENT = 0;
    static final byte NULL = 1;
    static final byte TEXT = 2;
    static final byte NUMBER = 3;

    private static final long EARLIEST = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long LATEST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    private static final int[] SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};
    /** Days from 0000-03-01 to 1970-01-01, as {@link java.time.LocalDate#toEpochDay()} counts them. */
    private static final long DAYS_0000_TO_1970 = 146_097L * 5 - (30L * 365 + 7);

    private final byte[][] names;
    private final byte[] kinds;
    private final int[] starts;
    private final int[] ends;
    private byte[] bytes;
    private long seconds;
    private int nanos;

    /** A reader of objects with these field names (each read by its index in the list). */
    FlatJson(List<String> fieldNames) {
        names = new byte[fieldNames.size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = fieldNames.get(i).getBytes(StandardCharsets.US_ASCII);
        }
        kinds = new byte[names.length];
        starts = new int[names.length];
        ends = new int[names.length];
    }

    /**
     * Reads the object in {@code bytes[from, to)}; {@code false} when it is not in the plain form. Where a field
     * repeats, the last value counts, as in the full reader.
     */
    boolean read(byte[] data, int from, int to) {
        bytes = data;
        java.util.Arrays.fill(kinds, ABSENT);
        int i = space(from, to);
        if (i >= to || data[i] != '{') {
            return false;
        }
        i = space(i + 1, to);
        if (i < to && data[i] == '}') {
            return space(i + 1, to) == to;
        }
        while (i < to) {
            if (data[i] != '"') {
                return false;
            }
            int nameEnd = plainText(i + 1, to);
            if (nameEnd < 0) {
                return false;
            }
            int field = field(i + 1, nameEnd);
            if (field < 0) {
                return false;
            }
            i = space(nameEnd + 1, to);
            if (i >= to || data[i] != ':') {
                return false;
            }
            i = space(i + 1, to);
            if (i >= to) {
                return false;
            }
            byte b = data[i];
            int valueEnd;
            if (b == '"') {
                valueEnd = plainText(i + 1, to);
                if (valueEnd < 0) {
                    return false;
                }
                kinds[field] = TEXT;
                starts[field] = i + 1;
                ends[field] = valueEnd;
                valueEnd++;
            } else if (b == 'n') {
                if (i + 4 > to || data[i + 1] != 'u' || data[i + 2] != 'l' || data[i + 3] != 'l') {
                    return false;
                }
                kinds[field] = NULL;
                valueEnd = i + 4;
            } else {
                valueEnd = number(i, to);
                if (valueEnd < 0) {
                    return false;
                }
                kinds[field] = NUMBER;
                starts[field] = i;
                ends[field] = valueEnd;
            }
            i = space(valueEnd, to);
            if (i >= to) {
                return false;
            }
            if (data[i] == '}') {
                return space(i + 1, to) == to;
            }
            if (data[i] != ',') {
                return false;
            }
            i = space(i + 1, to);
        }
        return false;
    }

    /** What field {@code field} held. */
    byte kind(int field) {
        return kinds[field];
    }

    /** Whether the field held text that is not blank (a blank text reads as no value). */
    boolean hasText(int field) {
        if (kinds[field] != TEXT) {
            return false;
        }
        for (int i = starts[field]; i < ends[field]; i++) {
            if (bytes[i] != ' ') {
                return true;
            }
        }
        return false;
    }

    /** Whether the field is absent or {@code null}. */
    boolean isMissing(int field) {
        return kinds[field] == ABSENT || kinds[field] == NULL;
    }

    /** The field's text, through the cache. */
    String text(int field, TextCache cache) {
        return cache.text(bytes, starts[field], ends[field]);
    }

    /** The field's text, as a new string. */
    String text(int field) {
        return new String(bytes, starts[field], ends[field] - starts[field], StandardCharsets.ISO_8859_1);
    }

    /** Whether the field's text is exactly {@code value}. */
    boolean textIs(int field, byte[] value) {
        int length = ends[field] - starts[field];
        if (kinds[field] != TEXT || length != value.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[starts[field] + i] != value[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the constant whose name the field's text is, or -1. */
    int constant(int field, byte[][] constants) {
        for (int c = 0; c < constants.length; c++) {
            if (textIs(field, constants[c])) {
                return c;
            }
        }
        return -1;
    }

    /**
     * Whether the field's text is an instant in the form {@link Instant#toString()} writes ({@code
     * 2025-06-01T10:00:00.123Z}, a fraction of one to nine digits or none); if so, {@link #instant()} and
     * {@link #inPostgresRange()} tell it. Any other form is for the full reader.
     */
    boolean readInstant(int field) {
        if (kinds[field] != TEXT) {
            return false;
        }
        int s = starts[field];
        int n = ends[field] - s;
        byte[] b = bytes;
        if (n < 20 || n > 30 || b[s + 4] != '-' || b[s + 7] != '-' || b[s + 10] != 'T' || b[s + 13] != ':'
                || b[s + 16] != ':' || b[s + n - 1] != 'Z') {
            return false;
        }
        int year = digits(s, s + 4);
        int month = digits(s + 5, s + 7);
        int day = digits(s + 8, s + 10);
        int hour = digits(s + 11, s + 13);
        int minute = digits(s + 14, s + 16);
        int second = digits(s + 17, s + 19);
        int fraction = 0;
        if (n > 20) {
            int places = n - 21;
            if (b[s + 19] != '.' || places < 1 || places > 9) {
                return false;
            }
            int value = digits(s + 20, s + n - 1);
            if (value < 0) {
                return false;
            }
            fraction = value * SCALE[places - 1];
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        seconds = epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second;
        nanos = fraction;
        return true;
    }

    /** The instant {@link #readInstant} read last. */
    Instant instant() {
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Whether the instant {@link #readInstant} read last lies in the years 1 to 9999 that PostgreSQL holds. */
    boolean inPostgresRange() {
        return seconds >= EARLIEST && (seconds < LATEST || (seconds == LATEST && nanos == 0));
    }

    private int space(int i, int to) {
        while (i < to) {
            byte b = bytes[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** The index of the closing quote of plain text starting at {@code i}, or -1. */
    private int plainText(int i, int to) {
        while (i < to) {
            byte b = bytes[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || b < 0x20) {
                // an escape, a control character, or (as a negative byte) a non-ASCII one
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** The end of a whole number of at most 18 digits starting at {@code i} (JSON's form), or -1. */
    private int number(int i, int to) {
        int first = i < to && bytes[i] == '-' ? i + 1 : i;
        int end = first;
        while (end < to && bytes[end] >= '0' && bytes[end] <= '9') {
            end++;
        }
        int length = end - first;
        if (length == 0 || length > 18 || (length > 1 && bytes[first] == '0')) {
            return -1;
        }
        if (end < to && (bytes[end] == '.' || bytes[end] == 'e' || bytes[end] == 'E')) {
            return -1;
        }
        return end;
    }

    private int field(int from, int to) {
        int length = to - from;
        for (int f = 0; f < names.length; f++) {
            byte[] name = names[f];
            if (name.length == length && same(name, from)) {
                return f;
            }
        }
        return -1;
    }

    private boolean same(byte[] name, int from) {
        for (int i = 0; i < name.length; i++) {
            if (bytes[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number in {@code [from, to)}, or -1 when a byte is not a digit. */
    private int digits(int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            byte c = bytes[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean leap(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** {@link java.time.LocalDate#toEpochDay()} for years 0 to 9999, without the object. */
    private static long epochDay(long year, long month, long day) {
        long total = 365 * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!leap(year)) {
                total--;
            }
        }
        return total - DAYS_0000_TO_1970;
    }
}
