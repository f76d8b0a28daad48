package org.jobplatform.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The robot API's bodies that are not outbox items: heartbeats, their answers and commands. */
final class Protocol {

    private static final Logger log = LoggerFactory.getLogger(Protocol.class);

    /** A gateway asking for a heartbeat more often than this is taken to mean this. */
    static final long MIN_POLL_AFTER_MS = 100;
    /** A gateway asking for a heartbeat less often than this is taken to mean this. */
    static final long MAX_POLL_AFTER_MS = 600_000;

    /**
     * A heartbeat's answer.
     *
     * @param commands    the commands in it, unknown types left out
     * @param pollAfterMs when to call again, or -1 if the answer did not say
     */
    record HeartbeatAnswer(List<Command> commands, long pollAfterMs) {
    }

    private Protocol() {
    }

    static ObjectNode heartbeat(JsonMapper json, Collection<String> runningJobIds, int capacity) {
        ObjectNode node = json.createObjectNode();
        ArrayNode ids = node.putArray("runningJobIds");
        runningJobIds.forEach(ids::add);
        node.put("capacity", capacity);
        return node;
    }

    static HeartbeatAnswer heartbeatAnswer(JsonMapper json, String body) {
        JsonNode node = json.readTree(body);
        List<Command> commands = new ArrayList<>();
        JsonNode array = node.path("commands");
        if (array.isArray()) {
            for (JsonNode element : array) {
                Command command = command(json, element);
                if (command != null) {
                    commands.add(command);
                }
            }
        }
        JsonNode poll = node.get("pollAfterMs");
        long pollAfterMs = poll != null && poll.isNumber() ? poll.asLong() : -1;
        return new HeartbeatAnswer(commands, pollAfterMs);
    }

    /** A command from its JSON text (an SSE event's data); {@code null} if it is not a command this agent knows. */
    static Command command(JsonMapper json, String data) {
        try {
            return command(json, json.readTree(data));
        } catch (JacksonException e) {
            log.warn("Ignoring a command that is not JSON: {}", data);
            return null;
        }
    }

    /** A command from its JSON; {@code null} (logged) if its type is unknown or it names no job. */
    static Command command(JsonMapper json, JsonNode node) {
        String typeText = text(node, "type");
        String jobId = text(node, "jobId");
        CommandType type;
        try {
            type = typeText == null ? null : CommandType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || jobId == null) {
            // a newer gateway may send command types this agent does not know: skipping them keeps it working
            log.warn("Ignoring command {}: unknown type or no jobId", node);
            return null;
        }
        return new Command(text(node, "id"), type, jobId, text(node, "processName"),
                arguments(json, node.get("inputArguments")), text(node, "reason"), text(node, "windowId"));
    }

    /** Input arguments as a map; the gateway may send them as an object or as JSON text (the event's form). */
    private static Map<String, Object> arguments(JsonMapper json, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        JsonNode object = node;
        if (node.isString()) {
            try {
                object = json.readTree(node.stringValue());
            } catch (JacksonException e) {
                log.warn("Ignoring input arguments that are not JSON: {}", node.stringValue());
                return Map.of();
            }
        }
        if (!object.isObject()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.convertValue(object, LinkedHashMap.class);
        return Collections.unmodifiableMap(map);
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.toString();
    }
}
