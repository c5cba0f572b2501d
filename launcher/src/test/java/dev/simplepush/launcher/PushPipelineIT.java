package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.AppServerClient.Response;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline, end to end, against a real broker: gateway, streams-state, two nodes. */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushPipelineIT {
    /** How long "nothing more arrives" is watched for; absence has no event to await. */
    private static final Duration QUIET = Duration.ofMillis(500);

    private final AppServerClient appServer = new AppServerClient();
    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        deployment = Deployment.start(cluster, stateDir, 2);
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void aConnectedDeviceGetsThePutVersionAndItsAckClearsIt() {
        String chid = UUID.randomUUID().toString();
        String uaid;
        String endpoint;
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            uaid = device.hello(null);
            endpoint = device.register(chid);

            Response put = appServer.putVersion(endpoint, 5);

            assertThat(put.status()).isEqualTo(200);
            assertThat(put.body()).isEqualTo("{}");
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 5));
            device.ack(chid, 5);
            device.ping();
        }
        try (DeviceClient again = DeviceClient.connect(deployment.node(0))) {
            assertThat(again.hello(uaid)).isEqualTo(uaid);
            again.expectNoMessage(QUIET);
        }
    }

    @Test
    void aPutForAnOfflineDeviceIsStoredAndFlushedOnceWhenItReturns() {
        String chid = UUID.randomUUID().toString();
        String uaid;
        String endpoint;
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            uaid = device.hello(null);
            endpoint = device.register(chid);
        }

        Response put = appServer.putVersion(endpoint, 7);

        assertThat(put.status()).isEqualTo(202);
        try (DeviceClient device = DeviceClient.connect(deployment.node(1))) {
            assertThat(device.hello(uaid)).isEqualTo(uaid);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 7));
            device.expectNoMessage(QUIET);
        }
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(uaid);
            assertThat(device.receiveNotification()).as("unacked, so sent again after hello")
                    .containsExactly(Update.of(chid, 7));
            device.ack(chid, 7);
            device.ping();
        }
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(uaid);
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    void dataReachesAConnectedDeviceButAStoredUpdateCarriesTheVersionAlone() {
        String chid = UUID.randomUUID().toString();
        String uaid;
        String endpoint;
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            uaid = device.hello(null);
            endpoint = device.register(chid);

            assertThat(appServer.putForm(endpoint, Map.of("version", "3", "data", "héllo wörld")).status())
                    .isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(new Update(chid, 3, "héllo wörld"));
        }
        assertThat(appServer.putForm(endpoint, Map.of("version", "4", "data", "kept?")).status()).isEqualTo(202);
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(uaid);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 4));
        }
    }

    @Test
    void afterUnregisterAPutAnswers404AndNothingArrives() {
        String chid = UUID.randomUUID().toString();
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(null);
            String endpoint = device.register(chid);
            device.unregister(chid);

            Response put = appServer.putVersion(endpoint, 9);

            assertThat(put.status()).isEqualTo(404);
            assertThat(put.body()).isEqualTo("\"Invalid Token\"");
            device.expectNoMessage(QUIET);
        }
    }

    @Test
    void aDeviceMovingToTheOtherNodeClosesTheOldSocketAndIsReachedThere() {
        String chid = UUID.randomUUID().toString();
        try (DeviceClient first = DeviceClient.connect(deployment.node(0));
                DeviceClient second = DeviceClient.connect(deployment.node(1))) {
            String uaid = first.hello(null);
            String endpoint = first.register(chid);

            assertThat(second.hello(uaid)).isEqualTo(uaid);

            assertThat(first.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
            assertThat(appServer.putVersion(endpoint, 11).status()).isEqualTo(200);
            assertThat(second.receiveNotification()).containsExactly(Update.of(chid, 11));
        }
    }

    @Test
    void forgedTamperedAndForeignTokensAnswer404() {
        String endpoint;
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(null);
            endpoint = device.register(UUID.randomUUID().toString());
        }
        String token = endpoint.substring(endpoint.lastIndexOf('/') + 1);
        char flipped = token.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, 10) + flipped + token.substring(11);
        String foreign = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()))
                .encode("9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3", UUID.randomUUID().toString());
        String base = deployment.gatewayUrl() + "/update/";

        for (String forged : List.of(tampered, token.substring(0, token.length() - 4), "garbage", foreign)) {
            Response put = appServer.putVersion(base + forged, 1);
            assertThat(put.status()).as("token %s", forged).isEqualTo(404);
            assertThat(put.body()).isEqualTo("\"Invalid Token\"");
        }
        assertThat(appServer.putVersion(endpoint, 1).status()).as("the genuine token").isEqualTo(202);
    }

    @Test
    void aTokenForAChannelNeverRegisteredAnswers404() {
        String unregistered = EndpointTokens.fromBase64(List.of(deployment.tokenKey()))
                .encode("9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3", UUID.randomUUID().toString());

        assertThat(appServer.putVersion(deployment.gatewayUrl() + "/update/" + unregistered, 1).status())
                .isEqualTo(404);
    }
}
