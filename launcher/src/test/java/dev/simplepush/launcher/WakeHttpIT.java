package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §11 end to end with {@code wake.driver=http}: an update stored for an offline device with
 * wake data is announced to the carrier of its mobile network, a fake one on a real local socket,
 * as a form POST.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WakeHttpIT {
    private final AppServerClient appServer = new AppServerClient();
    private final BlockingQueue<String> carrierForms = new LinkedBlockingQueue<>();
    private HttpServer carrier;
    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) throws Exception {
        carrier = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        carrier.createContext("/wake", exchange -> {
            carrierForms.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        carrier.start();
        deployment = Deployment.builder(cluster, stateDir)
                .set("wake.driver", "http")
                .set("wake.http.url.001-01", "http://127.0.0.1:" + carrier.getAddress().getPort() + "/wake")
                .nodes(1)
                .start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
        if (carrier != null) {
            carrier.stop(0);
        }
    }

    @Test
    void anUpdateStoredForAnOfflineDeviceIsAnnouncedToItsCarrierAndArrivesOnReconnect() throws Exception {
        String chid = UUID.randomUUID().toString();
        String uaid;
        String endpoint;
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            uaid = WakeUdpIT.helloWithWakeData(device, 2442);
            endpoint = device.register(chid);
        }

        assertThat(appServer.putVersion(endpoint, 17).status()).isEqualTo(202);

        String form = carrierForms.poll(20, TimeUnit.SECONDS);
        assertThat(form).isEqualTo("POST application/x-www-form-urlencoded ip=127.0.0.1&port=2442&mcc=001&mnc=01");
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            assertThat(device.hello(uaid)).isEqualTo(uaid);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 17));
        }
    }
}
