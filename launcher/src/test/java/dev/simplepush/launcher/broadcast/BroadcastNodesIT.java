package dev.simplepush.launcher.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.node.NodeConfig;
import dev.simplepush.node.NodeService;
import dev.simplepush.schemas.broadcast.Broadcast;
import dev.simplepush.schemas.broadcast.BroadcastPublisher;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.KafkaSettings;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broadcasts (webpush.md W6) through a real broker: a version written to the {@code broadcasts}
 * topic reaches the subscribed devices of every node, once; a device that connects later gets it
 * in its hello reply; a restarted node reads the topic again. The tests of this class share one
 * {@code broadcasts} topic, so each uses ids of its own.
 */
@WithKafkaCluster
class BroadcastNodesIT {
    private static final Duration QUIET = Duration.ofMillis(500);

    /** A fresh id, so the tests sharing this class's topic never see each other's versions. */
    private static String freshId() {
        return "test/" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void set(KafkaCluster cluster, String id, String version) {
        try (BroadcastPublisher publisher = new BroadcastPublisher(
                new KafkaSettings(cluster.bootstrapServers(), Map.of()), cluster.topics().broadcasts(), null,
                "broadcast-it")) {
            publisher.publish(new Broadcast(id, version, System.currentTimeMillis(), "cli")).join();
        }
    }

    /** A Firefox-like data-mode hello subscribing to {@code id} with {@code version}. */
    private static JsonNode hello(DeviceClient device, String id, String version) {
        device.send("{\"messageType\":\"hello\",\"use_webpush\":true,\"broadcasts\":{\"" + id + "\":\""
                + version.replace("\"", "\\\"") + "\"}}");
        JsonNode reply = device.receiveJson();
        assertThat(reply.path("status").asInt()).isEqualTo(200);
        return reply;
    }

    @Test
    void aVersionReachesEverySubscribedDeviceOfBothNodesOnceAndNoOtherDevice(KafkaCluster cluster,
            @TempDir Path dir) {
        String id = freshId();
        try (Deployment services = Deployment.start(cluster, dir.resolve("state"), 2);
                DeviceClient first = DeviceClient.connect(services.node(0));
                DeviceClient second = DeviceClient.connect(services.node(1));
                DeviceClient simplePush = DeviceClient.connect(services.node(1));
                DeviceClient unsubscribed = DeviceClient.connect(services.node(0))) {
            hello(first, id, "0");
            hello(second, id, "0");
            simplePush.send("{\"messageType\":\"hello\",\"channelIDs\":[],\"broadcasts\":{\"" + id + "\":\"0\"}}");
            assertThat(simplePush.receiveJson().has("broadcasts")).isFalse();
            unsubscribed.hello(null);

            set(cluster, id, "\"1\"");

            String frame = "{\"messageType\":\"broadcast\",\"broadcasts\":{\"" + id + "\":\"\\\"1\\\"\"}}";
            assertThat(first.receive()).isEqualTo(frame);
            assertThat(second.receive()).isEqualTo(frame);
            assertThat(simplePush.receive()).isEqualTo(frame);
            first.expectNoMessage(QUIET);
            second.expectNoMessage(Duration.ZERO);
            unsubscribed.expectNoMessage(Duration.ZERO);
        }
    }

    @Test
    void aDeviceConnectingLaterGetsTheCurrentVersionInItsHelloReplyAndABroadcastSubscribeIsAnswered(
            KafkaCluster cluster, @TempDir Path dir) {
        String id = freshId();
        String other = freshId();
        try (Deployment services = Deployment.start(cluster, dir.resolve("state"), 1)) {
            set(cluster, id, "\"7\"");
            set(cluster, other, "\"8\"");
            try (DeviceClient device = DeviceClient.connect(services.node(0))) {
                // The node reads the topic on its own thread: a hello right after the write may
                // precede it, so the first device asks until the version is there.
                JsonNode reply = awaitHelloWith(services.node(0), id, "\"7\"");
                assertThat(reply.path("broadcasts").path(id).asText()).isEqualTo("\"7\"");

                hello(device, id, "\"7\"");
                device.send("{\"messageType\":\"broadcast_subscribe\",\"broadcasts\":{\"" + other + "\":\"0\"}}");

                assertThat(device.receiveJson().path("broadcasts").path(other).asText()).isEqualTo("\"8\"");
                device.expectNoMessage(QUIET);
            }
        }
    }

    @Test
    void aRestartedNodeReadsTheTopicAgain(KafkaCluster cluster, @TempDir Path dir) {
        String id = freshId();
        try (Deployment services = Deployment.start(cluster, dir.resolve("state"), 1)) {
            set(cluster, id, "\"41\"");
            set(cluster, id, "\"42\"");
            Map<String, String> settings = new HashMap<>(services.settings());
            settings.put("node.id", "1");
            NodeService restarted;
            try (NodeService first = NodeService.start(NodeConfig.from(ConfigSource.of(settings)))) {
                assertThat(awaitHelloWith(URI.create("ws://127.0.0.1:" + first.port() + "/"), id, "\"42\""))
                        .isNotNull();
            }
            // Started after the write is acknowledged: the node reads the whole topic before it listens.
            restarted = NodeService.start(NodeConfig.from(ConfigSource.of(settings)));
            try (restarted; DeviceClient device = DeviceClient.connect(
                    URI.create("ws://127.0.0.1:" + restarted.port() + "/"))) {
                assertThat(hello(device, id, "0").path("broadcasts").path(id).asText()).isEqualTo("\"42\"");
            }
        }
    }

    /** Says hello with version 0 on fresh sockets until the reply carries {@code version}. */
    private static JsonNode awaitHelloWith(URI node, String id, String version) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (DeviceClient device = DeviceClient.connect(node)) {
                return hello(device, id, "0");
            }
        }, reply -> version.equals(reply.path("broadcasts").path(id).asText()));
    }
}
