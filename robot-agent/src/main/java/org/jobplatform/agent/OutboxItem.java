package org.jobplatform.agent;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One thing a robot must deliver: a log line, a job state report or a queue item. Flat, so it is one JSON line in
 * the outbox journal. {@code seq} orders the outbox and is 0 until the outbox takes the item.
 */
record OutboxItem(long seq, Kind kind, String id, String jobId, String level, String message, String timestamp,
        String state, String queue, String reference, JsonNode content) {

    /** What the item is, and so which call delivers it. */
    enum Kind {
        LOG, STATE, QUEUE
    }

    static OutboxItem log(String id, String jobId, String level, String message, String timestamp) {
        return new OutboxItem(0, Kind.LOG, id, jobId, level, message, timestamp, null, null, null, null);
    }

    static OutboxItem state(String jobId, ReportedState state, String message) {
        return new OutboxItem(0, Kind.STATE, null, jobId, null, message, null, state.name(), null, null, null);
    }

    static OutboxItem queueItem(String queue, String reference, JsonNode content) {
        return new OutboxItem(0, Kind.QUEUE, null, null, null, null, null, null, queue, reference, content);
    }

    OutboxItem withSeq(long value) {
        return new OutboxItem(value, kind, id, jobId, level, message, timestamp, state, queue, reference, content);
    }

    /** A rough size on the wire, to keep a log batch well below the gateway's 1 MB body limit. */
    int estimatedBytes() {
        return 160 + (message == null ? 0 : message.length() * 2) + (content == null ? 0 : content.toString().length());
    }

    /** The body of a log call's array element. */
    ObjectNode logLineJson(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("jobId", jobId);
        node.put("level", level);
        node.put("message", message);
        node.put("timestamp", timestamp);
        return node;
    }

    /** The body of a state report call. */
    ObjectNode stateJson(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("state", state);
        if (message != null) {
            node.put("message", message);
        }
        return node;
    }

    /** The body of a queue item call. */
    ObjectNode queueItemJson(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("reference", reference);
        node.set("content", content);
        return node;
    }

    /** The item as one journal line. */
    String toJournalLine(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("seq", seq);
        node.put("kind", kind.name());
        putIfPresent(node, "id", id);
        putIfPresent(node, "jobId", jobId);
        putIfPresent(node, "level", level);
        putIfPresent(node, "message", message);
        putIfPresent(node, "timestamp", timestamp);
        putIfPresent(node, "state", state);
        putIfPresent(node, "queue", queue);
        putIfPresent(node, "reference", reference);
        if (content != null) {
            node.set("content", content);
        }
        return json.writeValueAsString(node);
    }

    /** Reads a journal line; throws a Jackson exception or {@link IllegalArgumentException} when it is torn. */
    static OutboxItem fromJournalLine(JsonMapper json, String line) {
        JsonNode node = json.readTree(line);
        JsonNode seq = node.get("seq");
        JsonNode kind = node.get("kind");
        if (seq == null || !seq.isNumber() || kind == null || !kind.isString()) {
            throw new IllegalArgumentException("not an outbox item: " + line);
        }
        JsonNode content = node.get("content");
        return new OutboxItem(seq.asLong(), Kind.valueOf(kind.stringValue()), text(node, "id"), text(node, "jobId"),
                text(node, "level"), text(node, "message"), text(node, "timestamp"), text(node, "state"),
                text(node, "queue"), text(node, "reference"), content);
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.stringValue();
    }
}
