package dev.simplepush.schemas;

import org.apache.kafka.common.serialization.Serde;

/**
 * One topic: its name, key and value serdes, and how many partitions it needs.
 *
 * @param <V> the value type
 */
public record Topic<V>(String name, Serde<String> keySerde, Serde<V> valueSerde, Partitioning partitioning) {

    /** How a topic's partitions are addressed. */
    public enum Partitioning {
        /** By the hash of the uaid key: all facts of one device in one partition, in order. */
        BY_UAID,
        /** Partition = delivery node id; each node reads only its own. */
        BY_NODE_ID,
        /** Partition = gateway id; each gateway reads only its own. */
        BY_GATEWAY_ID,
        /** One partition, compacted: a small table of the newest record per key, read whole. */
        SINGLE
    }
}
