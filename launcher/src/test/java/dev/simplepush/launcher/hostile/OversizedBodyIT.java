package dev.simplepush.launcher.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.launcher.Deployment;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oversized PUT bodies from clients that write the whole body before reading: 5 MB with a
 * Content-Length and 20 MB chunked each get a 413 the client can read (spec §9.3; the gateway
 * reads and discards up to {@code gateway.max.discard.bytes} behind it), a declared 1 GB gets 413
 * and a close without being read, and a good app server's PUTs to a good device keep their p99
 * under a second and all arrive meanwhile; open files return to their baseline after.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizedBodyIT {
    private static final Duration ATTACK = Duration.ofSeconds(8);
    private static final String TOO_LARGE = "\"Body exceeds max length of 16384 bytes\"";

    private Deployment deployment;
    private String endpoint;
    private int gatewayPort;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        deployment = Deployment.start(cluster, stateDir, 1);
        gatewayPort = URI.create(deployment.gatewayUrl()).getPort();
        endpoint = deployment.gatewayUrl() + "/update/"
                + deployment.tokens().encode("0123456789abcdef0123456789abcdef", "big");
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void fiveMegabyteAndTwentyMegabyteChunkedBodiesGetAReadable413AndHurtNobody() throws Exception {
        List<RawClient.Answer> answers = new CopyOnWriteArrayList<>();
        try (GoodDevice good = GoodDevice.start(deployment.node(0))) {
            long control = good.control(Duration.ofSeconds(3));
            long baseline = OpenFiles.now();
            long until = System.nanoTime() + ATTACK.toNanos();
            Thread fixed = attacker(() -> answers.add(RawClient.send(gatewayPort,
                    RawClient.putHead(endpoint, "Content-Length: " + (5 << 20)), RawClient.filler(5 << 20))), until);
            Thread chunked = attacker(() -> answers.add(RawClient.send(gatewayPort,
                    RawClient.putHead(endpoint, "Transfer-Encoding: chunked"), RawClient.chunked(20 << 20))), until);
            fixed.join();
            chunked.join();

            RawClient.Answer huge = RawClient.send(gatewayPort,
                    RawClient.putHead(endpoint, "Content-Length: " + (1L << 30)), out -> { });

            good.stop();
            assertThat(answers).as("answers to oversized bodies").hasSizeGreaterThan(4)
                    .allSatisfy(answer -> {
                        assertThat(answer.failure()).as(answer.toString()).isNull();
                        assertThat(answer.status()).isEqualTo(413);
                        assertThat(answer.body()).isEqualTo(TOO_LARGE);
                    });
            assertThat(huge.status()).as(huge.toString()).isEqualTo(413);
            System.out.println(getClass().getSimpleName() + ": good device, control p99 " + control + " ms; under attack "
                    + good.summary());
            good.assertServedWell();
            OpenFiles.awaitBackTo(baseline, Duration.ofSeconds(15));
        }
    }

    private static Thread attacker(Runnable request, long untilNanos) {
        Thread thread = new Thread(() -> {
            while (System.nanoTime() < untilNanos) {
                request.run();
            }
        }, "oversized-attacker");
        thread.start();
        return thread;
    }
}
