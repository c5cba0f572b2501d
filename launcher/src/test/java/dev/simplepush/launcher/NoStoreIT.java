package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No-store mode ({@code state.store.offline=false}, the Loop deployment) end to end: connected
 * devices get their updates, offline devices' updates are answered {@code stored_status} with
 * {@code TTL: 0} and never arrive later.
 */
@WithKafkaCluster
class NoStoreIT {
    /** How long a device listens for a flush that must not come. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Test
    void connectedDevicesGetUpdatesAndOfflineOnesGetNothingLater(KafkaCluster cluster, @TempDir Path dir) {
        String chid = UUID.randomUUID().toString();
        AppServerClient appServer = new AppServerClient();
        try (Deployment services = Deployment.builder(cluster, dir).set("state.store.offline", "false")
                .nodes(1).start()) {
            String uaid;
            String endpoint;
            try (DeviceClient device = DeviceClient.connect(services.node(0))) {
                uaid = device.hello(null);
                endpoint = device.register(chid);

                AppServerClient.Response live = appServer.putVersion(endpoint, 1);
                assertThat(live.status()).isEqualTo(200);
                assertThat(live.header("TTL")).hasValue("0");
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 1));
                // Not acked: in no-store mode it is not kept until an ack either.
            }

            AppServerClient.Response offline = appServer.putVersion(endpoint, 2);
            assertThat(offline.status()).isEqualTo(202);
            assertThat(offline.body()).isEqualTo("{}");
            assertThat(offline.header("TTL")).hasValue("0");

            try (DeviceClient device = DeviceClient.connect(services.node(0))) {
                assertThat(device.hello(uaid, chid)).isEqualTo(uaid);
                device.expectNoMessage(QUIET);

                AppServerClient.Response again = appServer.putVersion(endpoint, 3);
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.header("TTL")).hasValue("0");
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 3));
            }
        }
    }

    @Test
    void theDefaultModeStoresAndAnswersWithoutATtlHeader(KafkaCluster cluster, @TempDir Path dir) {
        String chid = UUID.randomUUID().toString();
        AppServerClient appServer = new AppServerClient();
        try (Deployment services = Deployment.start(cluster, dir, 1)) {
            String uaid;
            String endpoint;
            try (DeviceClient device = DeviceClient.connect(services.node(0))) {
                uaid = device.hello(null);
                endpoint = device.register(chid);
            }
            AppServerClient.Response stored = appServer.putVersion(endpoint, 2);
            assertThat(stored.status()).isEqualTo(202);
            assertThat(stored.header("TTL")).isEmpty();

            try (DeviceClient device = DeviceClient.connect(services.node(0))) {
                device.hello(uaid, chid);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 2));
            }
        }
    }
}
