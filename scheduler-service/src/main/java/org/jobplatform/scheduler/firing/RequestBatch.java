package org.jobplatform.scheduler.firing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.JobsRequested;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;

/**
 * The records a decided slot's job requests are sent in (decision 26): a {@link JobsRequested} for each run of
 * requests of one tenant, keyed and with the subject of the tenant, up to {@link #MAX_BYTES} of JSON each (a single
 * larger request goes alone). A boundary's thousands of requests then cost the producer a record per tenant rather
 * than one each: a job request's own record cost the producer about three times what compressing its bytes does
 * (sizes worked out, headers written, a batch appended to under its lock, a future). The JSON is the prepared
 * requests' bytes put together, the same as encoding the {@code JobsRequested} would give.
 */
final class RequestBatch {

    /** The most JSON a record carries, far below the producer's and the broker's limit of a megabyte. */
    static final int MAX_BYTES = 256 * 1024;

    private static final byte[] OPEN = "{\"requests\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

    private final String source;
    private final Instant decidedAt;
    private final byte[] decidedAtJson;
    private final Consumer<ProducerRecord<String, byte[]>> sink;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int count;
    private String tenantId;
    private int records;

    /**
     * A batch of requests decided at {@code decidedAt}, whose JSON value is {@code decidedAtJson}, whose records go
     * to {@code sink} as they are complete; {@code source} is the CloudEvents source.
     */
    RequestBatch(String source, Instant decidedAt, byte[] decidedAtJson,
            Consumer<ProducerRecord<String, byte[]>> sink) {
        this.source = source;
        this.decidedAt = decidedAt;
        this.decidedAtJson = decidedAtJson;
        this.sink = sink;
    }

    /** Adds a request, sending the record before it first when the tenant changes or the record is full. */
    void add(PreparedRequest request) {
        int size = request.length(decidedAtJson.length);
        if (count > 0 && (!request.tenantId().equals(tenantId) || length + 1 + size + CLOSE.length > MAX_BYTES)) {
            flush();
        }
        if (count == 0) {
            tenantId = request.tenantId();
            append(OPEN);
        } else {
            append((byte) ',');
        }
        room(size);
        length = request.writeTo(buffer, length, decidedAtJson);
        count++;
    }

    /** Sends the record being filled, if any request is in it. */
    void flush() {
        if (count == 0) {
            return;
        }
        append(CLOSE);
        sink.accept(EventCodec.toRecord(Topics.SCHEDULER_JOB_REQUESTS, tenantId, UUID.randomUUID().toString(),
                EventTypes.JOBS_REQUESTED, source, tenantId, decidedAt, Arrays.copyOf(buffer, length)));
        records++;
        count = 0;
        length = 0;
    }

    /** Records sent so far. */
    int records() {
        return records;
    }

    private void append(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void append(byte b) {
        room(1);
        buffer[length++] = b;
    }

    private void room(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
