package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode as a user meets it: one call starts a broker and all three services. */
class DevModeIT {
    private final AppServerClient appServer = new AppServerClient();

    @Test
    void registrationsAndPendingVersionsSurviveARestartOfDevMode(@TempDir Path dataDir) {
        DevMode.Options options = new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0);
        String chid = UUID.randomUUID().toString();
        String uaid;
        String token;
        try (DevMode dev = DevMode.start(options, ConfigSource.of(Map.of()));
                DeviceClient device = DeviceClient.connect(ws(dev))) {
            uaid = device.hello(null);
            String endpoint = device.register(chid);
            assertThat(endpoint).startsWith("http://127.0.0.1:" + dev.httpPort() + "/update/");
            token = endpoint.substring(endpoint.lastIndexOf('/') + 1);

            assertThat(appServer.putVersion(endpoint, 5).status()).isEqualTo(200);
            assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 5));
            device.ack(chid, 5);
            device.ping();
        }

        try (DevMode dev = DevMode.start(options, ConfigSource.of(Map.of()))) {
            String endpoint = "http://127.0.0.1:" + dev.httpPort() + "/update/" + token;
            assertThat(appServer.putVersion(endpoint, 6).status()).as("stored for the absent device").isEqualTo(202);

            try (DeviceClient device = DeviceClient.connect(ws(dev))) {
                assertThat(device.hello(uaid)).isEqualTo(uaid);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 6));
            }
        }
    }

    @Test
    void settingsUnderDevBrokerReachTheEmbeddedBroker(@TempDir Path dataDir) throws Exception {
        DevMode.Options options = new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0);
        try (DevMode dev = DevMode.start(options, ConfigSource.of(Map.of("dev.broker.num.io.threads", "3")));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, dev.bootstrapServers()))) {
            String nodeId = Integer.toString(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)
                    .iterator().next().id());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
            Config config = admin.describeConfigs(List.of(broker)).all().get(10, TimeUnit.SECONDS).get(broker);

            assertThat(config.get("num.io.threads").value()).isEqualTo("3");
        }
    }

    private static URI ws(DevMode dev) {
        return URI.create("ws://127.0.0.1:" + dev.wsPort() + "/");
    }
}
