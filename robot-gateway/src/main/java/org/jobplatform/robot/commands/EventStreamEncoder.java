package org.jobplatform.robot.commands;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.codec.ServerSentEvent;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes server-sent events as the text Spring's SSE writer gives them ({@code id:}, {@code event:}, {@code data:}
 * with the JSON on one line, or {@code :comment}, each event ending in a blank line), several events in one buffer.
 * Spring's writer flushes every event on its own; a robot told to stop ten jobs would get ten writes.
 */
public final class EventStreamEncoder {

    private final JsonMapper json;

    public EventStreamEncoder(JsonMapper json) {
        this.json = json;
    }

    /** The events as one piece of the stream. */
    public byte[] encode(List<ServerSentEvent<RobotCommand>> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * events.size());
        for (ServerSentEvent<RobotCommand> event : events) {
            if (event.id() != null) {
                field(out, "id:", event.id());
            }
            if (event.event() != null) {
                field(out, "event:", event.event());
            }
            if (event.comment() != null) {
                // a comment of several lines is several comment lines
                field(out, ":", event.comment().replace("\n", "\n:"));
            }
            if (event.data() != null) {
                // compact JSON has no line breaks: one data line
                out.writeBytes("data:".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(json.writeValueAsBytes(event.data()));
                out.write('\n');
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String name, String value) {
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
