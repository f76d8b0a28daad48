package org.jobplatform.robot.link;

import static org.jobplatform.robot.link.RobotInput.text;
import static org.jobplatform.robot.link.RobotInput.uuid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateReported;
import org.jobplatform.contracts.QueueItemAdded;
import org.jobplatform.contracts.RobotLogWritten;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What robots send: job state reports, log batches and queue items, each published to its topic. A call is
 * answered 202 only after the broker has every record ({@code acks=all}), so nothing a robot was told is
 * accepted can be lost; on any failure the robot keeps its data and sends it again.
 */
@RestController
@RequestMapping(path = "/api/robot", produces = MediaType.APPLICATION_JSON_VALUE,
        consumes = MediaType.APPLICATION_JSON_VALUE)
public class RobotReportsController {

    static final int MAX_LINES = 1000;
    static final int MAX_MESSAGE = 8000;
    private static final Pattern QUEUE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RobotTrafficProducer producer;
    private final EventCodec codec;

    public RobotReportsController(RobotTrafficProducer producer, EventCodec codec) {
        this.producer = producer;
        this.codec = codec;
    }

    /**
     * A job state report.
     *
     * @param state   the job's state as the robot sees it
     * @param message the robot's message, or {@code null}
     */
    public record StateReport(String state, String message) {
    }

    /**
     * One log line.
     *
     * @param id        the line's id, so a line sent again is recognisable; the gateway makes one if missing
     * @param jobId     the job
     * @param level     the level
     * @param message   the text
     * @param timestamp when the robot wrote it
     */
    public record LogLine(String id, String jobId, String level, String message, Instant timestamp) {
    }

    /**
     * A queue item.
     *
     * @param reference the item's reference
     * @param content   the item's content, any JSON
     */
    public record QueueItem(String reference, Object content) {
    }

    /**
     * How many records were accepted.
     *
     * @param accepted the number of records now on their topic
     */
    public record Accepted(int accepted) {
    }

    /**
     * One job's state report among others.
     *
     * @param jobId   the job
     * @param state   the job's state as the robot sees it
     * @param message the robot's message, or {@code null}
     */
    public record JobStateReport(String jobId, String state, String message) {
    }

    @PostMapping("/jobs/{jobId}/state")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Accepted> state(@PathVariable String jobId, @RequestBody StateReport report) {
        return RobotCaller.current().flatMap(robot -> send(List.of(
                stateRecord(robot, new JobStateReport(jobId, report.state(), report.message()), ""))));
    }

    /**
     * Log lines and job state reports together.
     *
     * @param lines  log lines, or {@code null}
     * @param states job state reports, or {@code null}
     */
    public record Reports(List<LogLine> lines, List<JobStateReport> states) {
    }

    /**
     * Log lines and state reports in one call, the lines published before the states: a robot whose jobs end
     * together (a Stop to all of them) tells their last lines and their ends in one request rather than two per job.
     */
    @PostMapping("/reports")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Accepted> reports(@RequestBody Reports reports) {
        return RobotCaller.current().flatMap(robot -> {
            List<LogLine> lines = reports.lines() == null ? List.of() : reports.lines();
            List<JobStateReport> states = reports.states() == null ? List.of() : reports.states();
            if (lines.isEmpty() && states.isEmpty()) {
                throw new IllegalArgumentException("a call holds at least one line or state report");
            }
            if (lines.size() > MAX_LINES || states.size() > MAX_LINES) {
                throw new IllegalArgumentException("a call holds at most " + MAX_LINES + " lines and "
                        + MAX_LINES + " state reports, got " + lines.size() + " and " + states.size());
            }
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                records.add(logRecord(robot, lines.get(i), "lines[" + i + "]: "));
            }
            for (int i = 0; i < states.size(); i++) {
                if (states.get(i) == null) {
                    throw new IllegalArgumentException("states[" + i + "]: is null");
                }
                records.add(stateRecord(robot, states.get(i), "states[" + i + "]: "));
            }
            return send(records);
        });
    }

    private ProducerRecord<String, byte[]> stateRecord(Caller robot, JobStateReport report, String where) {
        String job = uuid(report.jobId(), where + "jobId");
        if (report.state() == null) {
            throw new IllegalArgumentException(where + "state is required");
        }
        JobState state;
        try {
            state = JobState.parse(report.state());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        String message = text(report.message(), where + "message", MAX_MESSAGE, false);
        JobStateReported event = new JobStateReported(job, robot.name(), robot.tenantId(), state, message,
                Instant.now());
        return codec.toRecord(Topics.ROBOT_REPORTS, job, event, job);
    }

    @PostMapping("/logs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Accepted> logs(@RequestBody List<LogLine> lines) {
        return RobotCaller.current().flatMap(robot -> {
            if (lines.isEmpty() || lines.size() > MAX_LINES) {
                throw new IllegalArgumentException("a batch holds 1 to " + MAX_LINES + " lines, got " + lines.size());
            }
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                records.add(logRecord(robot, lines.get(i), "line " + i + ": "));
            }
            return send(records);
        });
    }

    @PostMapping("/queues/{queue}/items")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Accepted> queueItem(@PathVariable String queue, @RequestBody QueueItem item) {
        return RobotCaller.current().flatMap(robot -> {
            if (!QUEUE.matcher(queue).matches()) {
                throw new IllegalArgumentException("queue '" + queue + "' is not valid: use 1 to 100 letters, digits, "
                        + ". _ -, starting with a letter or digit");
            }
            String reference = text(item.reference(), "reference", 200, true);
            if (item.content() == null) {
                throw new IllegalArgumentException("content is required");
            }
            QueueItemAdded event = new QueueItemAdded(queue, reference, JSON.writeValueAsString(item.content()),
                    robot.name(), robot.tenantId(), Instant.now());
            return send(List.of(codec.toRecord(Topics.QUEUE_ITEMS, queue, event, reference)));
        });
    }

    private ProducerRecord<String, byte[]> logRecord(Caller robot, LogLine line, String where) {
        if (line == null) {
            throw new IllegalArgumentException(where + "is null");
        }
        String job = uuid(line.jobId(), where + "jobId");
        String level = text(line.level(), where + "level", 20, true);
        String message = text(line.message(), where + "message", MAX_MESSAGE, true);
        if (line.timestamp() == null) {
            throw new IllegalArgumentException(where + "timestamp is required (ISO-8601 UTC)");
        }
        String id = line.id() == null ? UUID.randomUUID().toString() : uuid(line.id(), where + "id");
        RobotLogWritten event = new RobotLogWritten(id, job, robot.name(), robot.tenantId(), level, message,
                line.timestamp());
        return EventCodec.toRecord(Topics.ROBOT_LOGS, job, id, EventTypes.ROBOT_LOG_WRITTEN, codec.source(), job,
                Instant.now(), codec.toJson(event));
    }

    private Mono<Accepted> send(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<?>[] sends = records.stream().map(producer::send).toArray(CompletableFuture[]::new);
        return Mono.fromFuture(CompletableFuture.allOf(sends)).thenReturn(new Accepted(records.size()));
    }
}
