package org.jobplatform.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/** The most recent ids seen, the oldest forgotten first, so remembering costs bounded memory. Not thread-safe. */
final class RecentIds {

    private final LinkedHashMap<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** {@code true} if the id was not remembered yet (and now is). */
    boolean add(String id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }

    boolean contains(String id) {
        return ids.containsKey(id);
    }

    int size() {
        return ids.size();
    }
}
