package dev.simplepush.schemas.audit;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of a uaid-keyed topic that holds a uaid: what Kafka's producer (and Kafka
 * Streams' default sink partitioner) pick for a String key, murmur2 of its UTF-8 bytes. Readers
 * use it to read one device's partition only.
 */
public final class UaidPartitioner {
    private UaidPartitioner() {
    }

    public static int partition(String uaid, int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be at least 1: " + numPartitions);
        }
        return Utils.toPositive(Utils.murmur2(uaid.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}
