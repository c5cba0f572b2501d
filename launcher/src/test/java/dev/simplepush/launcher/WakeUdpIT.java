package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §11 end to end with {@code wake.driver=udp}: a device that said hello with wake data is
 * closed with 4774 when idle, an update stored for it sends a real datagram to its
 * {@code wakeup_hostport}, and when it reconnects it gets the update.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WakeUdpIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AppServerClient appServer = new AppServerClient();
    private Deployment deployment;
    private DatagramSocket phone;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        deployment = Deployment.builder(cluster, stateDir)
                .set("wake.driver", "udp")
                .set("wake.idle.timeout", "2s")
                .set("wake.min.interval", "0s")
                .nodes(1)
                .start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @BeforeEach
    void openPhoneSocket() throws Exception {
        phone = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        // How long a wake-up may take to arrive, not a synchronisation: receive returns at once when it does.
        phone.setSoTimeout((int) WAIT.toMillis());
    }

    @AfterEach
    void closePhoneSocket() {
        phone.close();
    }

    /** Hello with {@code wakeup_hostport} pointing at {@link #phone} and a mobile network; returns the uaid. */
    static String helloWithWakeData(DeviceClient device, int udpPort) {
        device.send("{\"messageType\":\"hello\",\"channelIDs\":[],"
                + "\"wakeup_hostport\":{\"ip\":\"127.0.0.1\",\"port\":" + udpPort + "},"
                + "\"mobilenetwork\":{\"mcc\":\"001\",\"mnc\":\"01\"}}");
        JsonNode reply = device.receiveJson();
        assertThat(reply.path("status").asInt()).as(reply.toString()).isEqualTo(200);
        return reply.path("uaid").asText();
    }

    private String receiveDatagram() throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[256], 256);
        phone.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    @Test
    void anIdleDeviceIsClosedWith4774AndAPutWakesItWithADatagramThenItGetsTheUpdate() throws Exception {
        String chid = UUID.randomUUID().toString();
        String uaid;
        String endpoint;
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            uaid = helloWithWakeData(device, phone.getLocalPort());
            endpoint = device.register(chid);

            assertThat(device.awaitClose(WAIT)).isEqualTo(4774);
        }

        assertThat(appServer.putVersion(endpoint, 41).status()).isEqualTo(202);

        assertThat(receiveDatagram()).isEqualTo("41");
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            assertThat(device.hello(uaid)).isEqualTo(uaid);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 41));
            device.ack(chid, 41);
        }
    }

    @Test
    void aDeviceThatGoesOfflineWithAnUnackedUpdateIsWokenOnce() throws Exception {
        String chid = UUID.randomUUID().toString();
        String uaid;
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            uaid = helloWithWakeData(device, phone.getLocalPort());
            String endpoint = device.register(chid);
            assertThat(appServer.putVersion(endpoint, 9).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 9));
            // No ack: the update stays pending as the device leaves.
        }

        assertThat(receiveDatagram()).isEqualTo("9");
        phone.setSoTimeout(500);
        try {
            String second = receiveDatagram();
            throw new AssertionError("a second wake-up arrived: " + second);
        } catch (SocketTimeoutException expected) {
            // One disconnect, one wake.
        }
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(uaid);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 9));
        }
    }
}
