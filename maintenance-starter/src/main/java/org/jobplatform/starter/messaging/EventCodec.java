package org.jobplatform.starter.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.EventTypes;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Encodes contract records as CloudEvents in Kafka binary mode (ce_* headers, JSON data) and decodes them. */
public class EventCodec {

    private final JsonMapper mapper;
    private final String source;

    /** @param source the CloudEvents {@code source} written, e.g. {@code /maintenance-service} */
    public EventCodec(String source) {
        this.mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.source = source;
    }

    public String source() {
        return source;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    /** The event's JSON. */
    public byte[] toJson(Object event) {
        return mapper.writeValueAsBytes(event);
    }

    /** A new CloudEvent for the record, with a fresh id and the current time. */
    public ProducerRecord<String, byte[]> toRecord(String topic, String key, Object event, String subject) {
        return toRecord(topic, key, UUID.randomUUID().toString(), EventTypes.of(event.getClass()), source, subject,
                Instant.now(), toJson(event));
    }

    /** A CloudEvent from its parts, as the outbox stored them. */
    public static ProducerRecord<String, byte[]> toRecord(String topic, String key, String id, String type,
            String source, String subject, Instant time, byte[] data) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, data);
        Headers headers = record.headers();
        add(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        add(headers, CloudEventHeaders.ID, id);
        add(headers, CloudEventHeaders.TYPE, type);
        add(headers, CloudEventHeaders.SOURCE, source);
        add(headers, CloudEventHeaders.TIME, time.toString());
        if (subject != null) {
            add(headers, CloudEventHeaders.SUBJECT, subject);
        }
        add(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    /** The {@code ce_type} of a record, or {@code null}. */
    public static String type(ConsumerRecord<?, ?> record) {
        return header(record.headers(), CloudEventHeaders.TYPE);
    }

    /** The {@code ce_type} of a message received through Spring Cloud Stream (raw bytes or text), or {@code null}. */
    public static String type(org.springframework.messaging.Message<?> message) {
        return headerText(message.getHeaders().get(CloudEventHeaders.TYPE));
    }

    /** A header value as Spring Cloud Stream hands it over (raw bytes or text) as text, or {@code null}. */
    public static String headerText(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : value == null ? null : value.toString();
    }

    /** The {@code ce_id} of a record, or {@code null}. */
    public static String id(ConsumerRecord<?, ?> record) {
        return header(record.headers(), CloudEventHeaders.ID);
    }

    /** A header's value as text, or {@code null}. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The record's data as the contract record its {@code ce_type} names.
     *
     * @throws UndecodableEventException when the type is missing or unknown, or the data does not match it
     */
    public Object decode(String type, byte[] data) {
        Class<?> recordType = EventTypes.recordFor(type)
                .orElseThrow(() -> new UndecodableEventException("unknown or missing ce_type '" + type + "'"));
        return decode(data, recordType);
    }

    /** The data as the given record. */
    public <T> T decode(byte[] data, Class<T> recordType) {
        if (data == null) {
            throw new UndecodableEventException("event has no data");
        }
        try {
            return mapper.readValue(data, recordType);
        } catch (RuntimeException e) {
            throw new UndecodableEventException("data is not a valid " + recordType.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
