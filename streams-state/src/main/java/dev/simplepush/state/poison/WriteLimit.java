package dev.simplepush.state.poison;

import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The largest value streams-state writes to any topic or store, checked where the value is
 * serialized anyway (so at no extra cost): an output over it is refused by its serializer, which
 * Kafka Streams hands to the production exception handler; a store value over it throws from the
 * processor, which the processing exception handler sets aside. Either way the producer never
 * sees it, so the transaction stays good.
 *
 * @param maxBytes the limit in bytes of a serialized value
 */
public record WriteLimit(int maxBytes) {
    public static final String KEY = "state.max.record.bytes";
    /** Below Kafka's defaults (1 MiB request, 1 MiB + 12 bytes per message) with room for key and batch. */
    public static final int DEFAULT_MAX_BYTES = 1_000_000;
    /**
     * What a record needs beside its value: the batch header, the record's own framing, a key
     * (a uaid, or a uaid and a channel id) and headers. Subtracted from a topic's
     * {@code max.message.bytes} to get the largest value it takes.
     */
    public static final int RECORD_OVERHEAD_BYTES = 4096;
    public static final WriteLimit DEFAULT = new WriteLimit(DEFAULT_MAX_BYTES);

    public WriteLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }

    /** This limit, lowered so that a value fits a topic with this {@code max.message.bytes}. */
    public WriteLimit fitting(int topicMaxMessageBytes) {
        return new WriteLimit(Math.max(1, Math.min(maxBytes, topicMaxMessageBytes - RECORD_OVERHEAD_BYTES)));
    }

    /** The serializer, refusing values over the limit; {@code destination} names the topic or store. */
    public <V> Serializer<V> guard(Serializer<V> serializer, String destination) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, V data) {
                return check(serializer.serialize(topic, data));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, V data) {
                return check(serializer.serialize(topic, headers, data));
            }

            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                serializer.configure(configs, isKey);
            }

            @Override
            public void close() {
                serializer.close();
            }

            private byte[] check(byte[] bytes) {
                if (bytes != null && bytes.length > maxBytes) {
                    throw new OversizedWriteException(destination, bytes.length, maxBytes);
                }
                return bytes;
            }
        };
    }

    /** The serde, its serializer guarded (a store's values). */
    public <V> Serde<V> guardedSerde(Serde<V> serde, String destination) {
        Serializer<V> serializer = guard(serde.serializer(), destination);
        Deserializer<V> deserializer = serde.deserializer();
        return new Serde<>() {
            @Override
            public Serializer<V> serializer() {
                return serializer;
            }

            @Override
            public Deserializer<V> deserializer() {
                return deserializer;
            }
        };
    }
}
