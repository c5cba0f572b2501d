package dev.simplepush.state;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** What the stores of a test driver hold for one uaid, read row by row as {@link DeviceState} does. */
final class StoredRows {
    private StoredRows() {
    }

    /** Channel id → pending version, from the uaid's rows; empty when nothing is pending. */
    static Map<String, Long> pendingVersions(TopologyTestDriver driver, String uaid) {
        KeyValueStore<String, PendingValue> store = driver.getKeyValueStore(StateStores.PENDING);
        Map<String, Long> versions = new TreeMap<>();
        try (KeyValueIterator<String, PendingValue> rows = store.prefixScan(StateKeys.prefix(uaid),
                new StringSerializer())) {
            while (rows.hasNext()) {
                KeyValue<String, PendingValue> row = rows.next();
                versions.put(StateKeys.channelIdOf(row.key), ((PendingVersion) row.value).version());
            }
        }
        return versions;
    }

    /** The uaid's registered channel ids, from its rows. */
    static Set<String> channelIds(TopologyTestDriver driver, String uaid) {
        KeyValueStore<String, Channel> store = driver.getKeyValueStore(StateStores.CHANNELS);
        Set<String> ids = new TreeSet<>();
        try (KeyValueIterator<String, Channel> rows = store.prefixScan(StateKeys.prefix(uaid), new StringSerializer())) {
            rows.forEachRemaining(row -> ids.add(StateKeys.channelIdOf(row.key)));
        }
        return ids;
    }
}
