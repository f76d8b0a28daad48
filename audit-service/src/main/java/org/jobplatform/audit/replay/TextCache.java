package org.jobplatform.audit.replay;

import java.nio.charset.StandardCharsets;

/**
 * The texts a replay reads again and again (tenants, windows, processes, robots, reasons, triggers) as one string
 * each, looked up by their ASCII bytes in a small direct-mapped table: a replay then builds a string per distinct
 * text rather than per event. Not thread-safe: one per reading thread.
 */
final class TextCache {

    private static final int SLOTS = 4096;

    private final String[] texts = new String[SLOTS];

    /** The ASCII text in {@code bytes[from, to)}. */
    String text(byte[] bytes, int from, int to) {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String cached = texts[slot];
        if (cached != null && is(cached, bytes, from, to)) {
            return cached;
        }
        String text = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        texts[slot] = text;
        return text;
    }

    private static boolean is(String text, byte[] bytes, int from, int to) {
        if (text.length() != to - from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i - from) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
