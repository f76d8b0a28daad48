package org.jobplatform.robot.commands;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.FluxSink;

/** One robot's open event stream on this instance. */
final class CommandStream {

    /** The {@code event} name of a command on the stream. */
    static final String EVENT = "command";

    private final String tenantId;
    private final FluxSink<List<ServerSentEvent<RobotCommand>>> sink;

    CommandStream(String tenantId, FluxSink<List<ServerSentEvent<RobotCommand>>> sink) {
        this.tenantId = tenantId;
        this.sink = sink;
    }

    String tenantId() {
        return tenantId;
    }

    /**
     * Whether the robot's connection asks for more. A stream that does not (a slow or dead connection) gets no
     * more commands: they wait in the robot's queue instead of piling up in a buffer that dies with the
     * connection.
     */
    boolean wantsMore() {
        return !sink.isCancelled() && sink.requestedFromDownstream() > 0;
    }

    /** Commands to be written to the robot together. */
    void push(List<RobotCommand> commands) {
        List<ServerSentEvent<RobotCommand>> events = new ArrayList<>(commands.size());
        for (RobotCommand command : commands) {
            events.add(ServerSentEvent.builder(command).id(command.id()).event(EVENT).build());
        }
        sink.next(events);
    }

    void comment(String text) {
        sink.next(List.of(ServerSentEvent.<RobotCommand>builder().comment(text).build()));
    }

    void complete() {
        sink.complete();
    }
}
