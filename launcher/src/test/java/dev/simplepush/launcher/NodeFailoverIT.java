package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;



import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery node going away: killed (its heartbeats stop, streams-state judges it dead) or
 * drained (SIGTERM: sockets closed normally, devices move to the other node).
 */
@WithKafkaCluster
class NodeFailoverIT {
    private static final Duration DEAD_AFTER = Duration.ofSeconds(3);
    private static final Duration CHECK = Duration.ofMillis(500);
    /** Far beyond the dead-node bound: a PUT that was routed to the dead node would wait this long. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START = Duration.ofSeconds(90);

    private static Deployment.Builder deployment(KafkaCluster cluster, Path dir) {
        return Deployment.builder(cluster, dir.resolve("state"))
                .set("state.node.dead.after", DEAD_AFTER.toMillis() + "ms")
                .set("state.node.check.interval", CHECK.toMillis() + "ms")
                .set("node.heartbeat.interval", "300ms")
                .set("gateway.reply.timeout", REPLY_TIMEOUT.toSeconds() + "s");
    }

    @Test
    void aPutForADeviceOfAKilledNodeIsStoredWithinTheDeadNodeBoundAndFlushedOnTheOtherNode(KafkaCluster cluster,
            @TempDir Path dir) {
        String chid = UUID.randomUUID().toString();
        // Node 0 here stays alive (its heartbeats show the heartbeat stream flows); node 1 runs in
        // a JVM of its own so that it can really be killed.
        try (Deployment services = deployment(cluster, dir).nodes(1).start();
                ServiceProcess doomed = ServiceProcess.start(dir, ServiceProcess.environmentOf(services.settings()), "node",
                        "-s", "node.id=1", "-s", "node.listen.host=127.0.0.1", "-s", "node.listen.port=0",
                        "-s", "admin.listen.port=-1")) {
            String port = doomed.awaitLine("simplepush node 1 ready: ws://127.0.0.1:(\\d+)/", START).group(1);
            String uaid;
            String endpoint;
            try (DeviceClient device = DeviceClient.connect(URI.create("ws://127.0.0.1:" + port + "/"))) {
                uaid = device.hello(null);
                endpoint = device.register(chid);
                assertThat(new AppServerClient().putVersion(endpoint, 1).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 1));
                device.ack(chid, 1);

                long killedAt = System.nanoTime();
                doomed.close(); // SIGKILL: no disconnect, no last heartbeat

                // Until the node is judged dead a PUT is routed to it and would wait REPLY_TIMEOUT;
                // give each attempt a second, so the first quick 202 shows when judgement fell.
                AppServerClient impatient = new AppServerClient(Duration.ofSeconds(1));
                long[] version = {1};
                await().atMost(DEAD_AFTER.plus(CHECK).plus(Duration.ofSeconds(5)))
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> impatient.putVersion(endpoint, ++version[0]).status() == 202);
                Duration judged = Duration.ofNanos(System.nanoTime() - killedAt);
                assertThat(judged).isLessThan(REPLY_TIMEOUT);

                // From now on every PUT is answered at once.
                long start = System.nanoTime();
                assertThat(new AppServerClient().putVersion(endpoint, ++version[0]).status()).isEqualTo(202);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

                try (DeviceClient moved = DeviceClient.connect(services.node(0))) {
                    moved.hello(uaid, chid);
                    assertThat(moved.receiveNotification()).containsExactly(Update.of(chid, version[0]));
                }
            }
        }
    }

    @Test
    void aDrainedNodeClosesNormallyAndItsDeviceLosesNothingOnTheOtherNode(KafkaCluster cluster, @TempDir Path dir)
            throws Exception {
        String chid = UUID.randomUUID().toString();
        try (Deployment services = deployment(cluster, dir).nodes(2).start()) {
            DeviceClient device = DeviceClient.connect(services.node(0));
            String uaid = device.hello(null);
            String endpoint = device.register(chid);

            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> services.nodeService(0).close());
            int code = device.awaitClose(Duration.ofSeconds(10));
            drained.get();

            // 1001, going away: a normal close, after which the device simply reconnects.
            assertThat(code).isEqualTo(1001);
            assertThat(new AppServerClient().putVersion(endpoint, 7).status()).isEqualTo(202);
            try (DeviceClient moved = DeviceClient.connect(services.node(1))) {
                assertThat(moved.hello(uaid, chid)).isEqualTo(uaid);
                assertThat(moved.receiveNotification()).containsExactly(Update.of(chid, 7));
                moved.ack(chid, 7);
                assertThat(new AppServerClient().putVersion(endpoint, 8).status()).isEqualTo(200);
                assertThat(moved.receiveNotification()).containsExactly(Update.of(chid, 8));
            }
        }
    }
}
