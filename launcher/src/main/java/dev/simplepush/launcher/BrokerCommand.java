package dev.simplepush.launcher;

import dev.simplepush.embedded.KafkaEnvironment;
import dev.simplepush.embedded.StandaloneBroker;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * A Kafka node in this image, configured exactly like the official {@code apache/kafka} image (by
 * {@code KAFKA_*} variables and {@code CLUSTER_ID}), so the compose file runs either image with
 * the same environment. The storage is formatted on first start and kept afterwards.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a Kafka KRaft node (broker, controller or both), configured like the apache/kafka image:",
            "every KAFKA_* environment variable is a server property (KAFKA_NODE_ID -> node.id, __ -> _, ___ -> -),",
            "CLUSTER_ID the cluster id its storage is formatted with on first start. No KAFKA_* variable: one",
            "combined node on localhost:9092 (the image's default). Healthcheck: simplepush health --bootstrap-server localhost:9092."})
final class BrokerCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        KafkaEnvironment environment = KafkaEnvironment.from(System.getenv());
        StandaloneBroker broker = StandaloneBroker.start(environment);
        Thread hook = new Thread(broker::close, "broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        broker.awaitShutdown();
        return 0;
    }
}
