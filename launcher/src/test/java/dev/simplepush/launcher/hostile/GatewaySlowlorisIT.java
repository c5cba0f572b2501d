package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.launcher.Deployment;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow HTTP clients against the gateway's port while a good app server PUTs to a good device:
 * 3,000 request heads that never finish and 1,000 PUT bodies that trickle, one byte every 10 s.
 * Before the fix none were ever closed and each held a file. Now the head and body timeouts close
 * them (halved here to 5 s to keep the test short), the good PUTs keep their p99 under a second
 * and all arrive, and the process's open files return to where they were.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewaySlowlorisIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration BYTE_INTERVAL = Duration.ofSeconds(10);

    private Deployment deployment;
    private int gatewayPort;
    private final List<Socket> attackers = new ArrayList<>();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        deployment = Deployment.builder(cluster, stateDir)
                .set("gateway.request.head.timeout", TIMEOUT.toSeconds() + "s")
                .set("gateway.request.body.timeout", TIMEOUT.toSeconds() + "s")
                .nodes(1)
                .start();
        gatewayPort = URI.create(deployment.gatewayUrl()).getPort();
    }

    @AfterAll
    void stopServices() {
        trickler.shutdownNow();
        if (deployment != null) {
            deployment.close();
        }
    }

    @AfterEach
    void closeAttackers() throws IOException {
        for (Socket socket : attackers) {
            socket.close();
        }
        attackers.clear();
    }

    @Test
    void threeThousandUnfinishedRequestHeadsAreClosedAndHurtNobody() throws Exception {
        attack(3_000, "PUT /update/x HTTP/1.1\r\nHost: push\r\nX-Slow: ", 'a');
    }

    @Test
    void aThousandTricklingPutBodiesAreClosedAndHurtNobody() throws Exception {
        String token = deployment.tokens().encode("0123456789abcdef0123456789abcdef", "slow");
        attack(1_000, "PUT /update/" + token + " HTTP/1.1\r\nHost: push\r\nContent-Length: 100000\r\n\r\nversion=", '1');
    }

    /** Opens {@code count} sockets that send {@code start}, then one {@code trickle} byte per interval. */
    private void attack(int count, String start, char trickle) throws Exception {
        try (GoodDevice good = GoodDevice.start(deployment.node(0))) {
            long control = good.control(Duration.ofSeconds(3));
            long baseline = OpenFiles.now();
            assertThat(OpenFiles.limit() - baseline).as("files free for %d attacking sockets and the gateway's ends "
                    + "of them (raise ulimit -n, as .ci/run does)", count).isGreaterThan(2L * count + 1_000);
            byte[] opening = start.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                Socket socket = RawClient.connect(gatewayPort);
                attackers.add(socket);
                socket.getOutputStream().write(opening);
            }
            trickler.scheduleAtFixedRate(() -> trickle(trickle), BYTE_INTERVAL.toMillis(), BYTE_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
            assertThat(OpenFiles.now()).as("the attack holds files").isGreaterThan(baseline + count);

            await("every attacking socket closed by the gateway").atMost(TIMEOUT.multipliedBy(4))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> attackers.stream().allMatch(RawClient::closedByServer));

            good.stop();
            System.out.println(getClass().getSimpleName() + ": good device, control p99 " + control + " ms; under attack "
                    + good.summary());
            good.assertServedWell();
            closeAttackers();
            OpenFiles.awaitBackTo(baseline, Duration.ofSeconds(15));
        }
    }

    private void trickle(char b) {
        for (Socket socket : List.copyOf(attackers)) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(b);
                out.flush();
            } catch (IOException e) {
                // closed by the gateway, as it should be
            }
        }
    }
}
