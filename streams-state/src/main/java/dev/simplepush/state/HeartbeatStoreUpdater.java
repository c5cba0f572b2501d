package dev.simplepush.state;

import dev.simplepush.schemas.NodeHeartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global heartbeat store equal to the compacted topic: newest value per node. */
final class HeartbeatStoreUpdater implements Processor<String, NodeHeartbeat, Void, Void> {
    private KeyValueStore<String, NodeHeartbeat> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(StateStores.HEARTBEATS);
    }

    @Override
    public void process(Record<String, NodeHeartbeat> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            // A tombstone: an operator retired the node id.
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
