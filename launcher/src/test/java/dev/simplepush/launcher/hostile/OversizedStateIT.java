package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.UaidPartitioner;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, point 1: one device tries to grow its state without bound (a hello with a megabyte of
 * wake-up strings, then hundreds of registers; 600 registers on one device) while a good device
 * whose uaid hashes to the same partition, hence the same stream task and stores, keeps getting
 * PUTs. The good device loses nothing and its PUT-to-notification p99 stays under a second; the
 * attacker gets 413 beyond the channel cap with its socket open, and the server stays up.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizedStateIT {
    private static final int PARTITIONS = 4;
    private static final int CAP = 500;
    private static final Duration GOOD_P99 = Duration.ofSeconds(1);
    /**
     * The good device's pace: one PUT (and so one ack) at most every 25 ms, 40 messages a second,
     * under node.message.rate (50). Unpaced it acked about 110 times a second, drained the
     * bucket's burst of 1,000 in about 16 s and was closed for its message rate, rightly, in a
     * run whose attack outlasted that.
     */
    private static final Duration GOOD_PACE = Duration.ofMillis(25);

    private final AppServerClient appServer = new AppServerClient();
    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        // Pings serve as barriers here, so no ping rate limit.
        deployment = Deployment.builder(cluster, stateDir).set("topics.uaid.partitions", String.valueOf(PARTITIONS))
                .set("node.min.ping.interval", "0").nodes(1).start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private static String uaid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A fresh uaid whose records share a partition (and so a task and its stores) with {@code other}'s. */
    private static String uaidOnThePartitionOf(String other) {
        int partition = UaidPartitioner.partition(other, PARTITIONS);
        while (true) {
            String candidate = uaid();
            if (!candidate.equals(other) && UaidPartitioner.partition(candidate, PARTITIONS) == partition) {
                return candidate;
            }
        }
    }

    private static String register(String channelId) {
        return "{\"messageType\":\"register\",\"channelID\":\"" + channelId + "\"}";
    }

    /**
     * Registers every channel, pipelined 50 at a time (node.max.queued.messages is 100), and returns
     * the statuses in order; a 413 must carry the spec's error text.
     */
    private static List<Integer> registerAll(DeviceClient device, List<String> channels) {
        List<Integer> statuses = new ArrayList<>();
        for (int from = 0; from < channels.size(); from += 50) {
            List<String> window = channels.subList(from, Math.min(channels.size(), from + 50));
            window.forEach(chid -> device.send(register(chid)));
            for (String chid : window) {
                JsonNode reply = device.receiveJson();
                assertThat(reply.path("channelID").asText()).isEqualTo(chid);
                int status = reply.path("status").intValue();
                if (status == 413) {
                    assertThat(reply.path("error").asText()).isEqualTo("Too many channels");
                }
                statuses.add(status);
            }
        }
        return statuses;
    }

    @Test
    @DisplayName("a hello with a megabyte of wake strings and then many registers stores none of it and hurts nobody")
    void aMegabyteOfWakeStringsIsNotStoredAndAGoodDeviceOnThePartitionIsServedThroughout() throws Exception {
        String attacker = uaid();
        String big = "1".repeat(450_000);
        String hello = "{\"messageType\":\"hello\",\"uaid\":\"" + attacker + "\",\"channelIDs\":[],"
                + "\"wakeup_hostport\":{\"ip\":\"" + big + "\",\"port\":2442},"
                + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\",\"netid\":\"" + big + "\"}}";

        try (DeviceClient bad = DeviceClient.connect(deployment.node(0))) {
            List<Duration> latencies = whileAttacking(uaidOnThePartitionOf(attacker), () -> {
                bad.send(hello);
                assertThat(bad.receiveJson().path("uaid").asText()).isEqualTo(attacker);
                List<String> channels = chids(300);
                assertThat(registerAll(bad, channels)).containsOnly(200);
                return channels.get(0);
            }, firstChannel -> {
                // The attacker's own channels work: nothing of its state is broken, only bounded.
                String endpoint = bad.register(firstChannel);
                assertThat(appServer.putVersion(endpoint, 3).status()).isEqualTo(200);
                assertThat(bad.receiveNotification()).containsExactly(Update.of(firstChannel, 3));
            });

            assertThat(p99(latencies)).as("the good device's PUT-to-notification p99").isLessThan(GOOD_P99);
        }
        assertTheServerStillServesNewDevices();
    }

    @Test
    @DisplayName("600 registers on one device: 413 beyond the cap of 500, socket open, a good device on the partition unharmed")
    void sixHundredRegistersGet413BeyondTheCapWithTheSocketOpen() throws Exception {
        String attacker = uaid();
        try (DeviceClient bad = DeviceClient.connect(deployment.node(0))) {
            List<Duration> latencies = whileAttacking(uaidOnThePartitionOf(attacker), () -> {
                assertThat(bad.hello(attacker)).isEqualTo(attacker);
                List<String> channels = chids(600);
                List<Integer> statuses = registerAll(bad, channels);
                assertThat(statuses.subList(0, CAP)).containsOnly(200);
                assertThat(statuses.subList(CAP, statuses.size())).containsOnly(413);
                return channels.get(CAP - 1);
            }, lastAccepted -> {
                bad.ping();
                assertThat(bad.isClosed()).as("the attacker's socket stays open").isFalse();
                assertThat(bad.register(lastAccepted)).as("a known channel still registers").isNotEmpty();
            });

            assertThat(p99(latencies)).as("the good device's PUT-to-notification p99").isLessThan(GOOD_P99);
        }
        assertTheServerStillServesNewDevices();
    }

    /** An attack step that returns something for the check run after it. */
    private interface Attack<T> {
        T run() throws Exception;
    }

    private interface AfterAttack<T> {
        void check(T result) throws Exception;
    }

    /**
     * Runs the attack on another thread while a good device with uaid {@code good} takes PUTs one
     * after another (each acked, at most one per {@link #GOOD_PACE}), then lets it take a few more,
     * and returns their latencies. Every PUT must be answered 200 (delivered) and arrive: nothing lost.
     */
    private <T> List<Duration> whileAttacking(String good, Attack<T> attack, AfterAttack<T> after) throws Exception {
        List<Duration> latencies = Collections.synchronizedList(new ArrayList<>());
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            assertThat(device.hello(good)).isEqualTo(good);
            String chid = UUID.randomUUID().toString();
            String endpoint = device.register(chid);
            CompletableFuture<T> attacking = CompletableFuture.supplyAsync(() -> {
                try {
                    return attack.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long version = 0;
            long due = System.nanoTime();
            while (!attacking.isDone() || latencies.size() < 50) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing, not a wait for a condition
                }
                due = Math.max(due, System.nanoTime()) + GOOD_PACE.toNanos();
                version++;
                long start = System.nanoTime();
                assertThat(appServer.putVersion(endpoint, version).status()).as("PUT %d", version).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, version));
                latencies.add(Duration.ofNanos(System.nanoTime() - start));
                device.ack(chid, version);
            }
            after.check(attacking.get(1, TimeUnit.SECONDS));
        }
        // For docs/reliability.md ("Hostile clients"): what the good device saw during the attack.
        System.out.printf("good device during the attack: %d PUTs delivered, p50 %d ms, p99 %d ms%n", latencies.size(),
                percentile(latencies, 0.50).toMillis(), percentile(latencies, 0.99).toMillis());
        return latencies;
    }

    private void assertTheServerStillServesNewDevices() {
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(null);
            String chid = UUID.randomUUID().toString();
            String endpoint = device.register(chid);
            assertThat(appServer.putVersion(endpoint, 1).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 1));
        }
    }

    private static List<String> chids(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    private static Duration p99(List<Duration> latencies) {
        return percentile(latencies, 0.99);
    }

    private static Duration percentile(List<Duration> latencies, double fraction) {
        List<Duration> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * fraction) - 1)));
    }
}
