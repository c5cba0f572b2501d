package dev.simplepush.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server properties of a combined broker+controller node on one machine. */
final class BrokerProperties {
    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerProperties() {
    }

    /**
     * Properties for {@code kafka.server.KafkaConfig}. The caller's extra properties are applied
     * last, so they win over everything here.
     */
    static Map<String, String> of(String host, int brokerPort, int controllerPort, Path logDir,
            Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static voter set: nothing about the controller's address is written into the metadata
        // log, so restarting on another (free) controller port just works.
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        props.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());

        // One broker: internal topics cannot have more than one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");

        // Kafka's 50 partitions each are made for a cluster's worth of groups and transactional
        // producers. Here they only lengthen a restart: after a crash every one is recovered and
        // loaded by its coordinator before the groups and producers on it are served ("coordinator
        // is loading"), and each holds files open. Applied when the topics are created, so on a
        // new data directory.
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.num.partitions", "4");
        // Tests and dev mode start consumers right away; no reason to wait for more members.
        props.put("group.initial.rebalance.delay.ms", "0");
        // Our services create their topics explicitly; a typo must not silently create one.
        props.put("auto.create.topics.enable", "false");
        // A transaction left open by a killed streams-state instance holds back read_committed
        // readers until it times out; the broker looks for timed-out ones every 10 s by default,
        // which would add up to that much to state.transaction.timeout.
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // The cleaner's offset map defaults to 128 MiB of heap, too much inside a dev-mode JVM
        // that also runs the services; compacted changelogs here are small.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));

        // After a crash the node registers again only once the controller has fenced its previous
        // incarnation (9 s by default); alone on a machine that is pure waiting.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "2000");
        // Transaction version 2 checks every transactional produce with the coordinator; while the
        // previous transaction's markers are still being written (streams-state commits every
        // 10 ms) the broker retries that check for 100 ms by default and then makes the producer
        // back off and re-send. Wait for the markers instead (docs/reliability.md, "Broker failover").
        props.put("add.partitions.to.txn.retry.backoff.max.ms", "2000");
        // ...and look again every 2 ms instead of every 20: the first delivery streams-state writes
        // after each commit waited out one whole retry, which was the p99 of PUT->notification at
        // 1,000 PUT/s (docs/performance.md, "The tail at 1,000 PUT/s").
        props.put("add.partitions.to.txn.retry.backoff.ms", "2");

        props.putAll(extra);
        return props;
    }
}
