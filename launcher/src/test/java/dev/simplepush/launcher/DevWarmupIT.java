package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode's warm-up runs a real pipeline beside the real one and leaves nothing of it behind. */
class DevWarmupIT {
    private final AppServerClient appServer = new AppServerClient();

    @Test
    void aWarmedUpDevModeKeepsNoWarmupTopicsGroupsOrStateAndServesDevices(@TempDir Path dataDir) throws Exception {
        // Long enough for both rounds, each on a pipeline of its own that must leave nothing behind.
        DevMode.Options options = new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0, -1, DevWarmup.SHORTEST_TWO_ROUNDS);
        assertThat(DevWarmup.rounds(options.warmup())).hasSize(2);
        // Few devices: the loop is what is tested here, not the JIT.
        ConfigSource settings = ConfigSource.of(Map.of(DevWarmup.DEVICES_KEY, "4"));
        try (DevMode dev = DevMode.start(options, settings);
                Admin admin = admin(dev)) {
            assertThat(dev.warmup()).hasValueSatisfying(result -> {
                assertThat(result.delivered()).as("updates through the warm-up's pipeline").isPositive();
                assertThat(result.failed()).isZero();
            });
            assertThat(warmupTopics(admin)).isEmpty();
            assertThat(warmupGroups(admin)).isEmpty();
            assertThat(dataDir.resolve("warmup")).doesNotExist();
            assertThat(records(admin, "notifications") + records(admin, "audit"))
                    .as("the warm-up's updates and audit records are not on dev mode's own topics").isZero();

            try (DeviceClient device = DeviceClient.connect(URI.create("ws://127.0.0.1:" + dev.wsPort() + "/"))) {
                device.hello(null);
                String chid = UUID.randomUUID().toString();
                String endpoint = device.register(chid);
                assertThat(endpoint).startsWith("http://127.0.0.1:" + dev.httpPort() + "/update/");
                assertThat(appServer.putVersion(endpoint, 7).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 7));
            }
        }
    }

    @Test
    void whatAKilledWarmupLeftBehindIsDeletedAtTheNextStart(@TempDir Path dataDir) throws Exception {
        DevMode.Options cold = new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0, -1);
        try (DevMode dev = DevMode.start(cold, ConfigSource.of(Map.of()));
                Admin admin = admin(dev)) {
            admin.createTopics(List.of(new NewTopic(DevWarmup.PREFIX + "1-notifications", 1, (short) 1)))
                    .all().get(10, TimeUnit.SECONDS);
        }
        Files.createDirectories(dataDir.resolve("warmup").resolve("left-over"));

        DevMode.Options warm = new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0, -1, Duration.ofSeconds(1));
        try (DevMode dev = DevMode.start(warm, ConfigSource.of(Map.of(DevWarmup.DEVICES_KEY, "2")));
                Admin admin = admin(dev)) {
            assertThat(warmupTopics(admin)).isEmpty();
            assertThat(dataDir.resolve("warmup")).doesNotExist();
        }
    }

    private static Admin admin(DevMode dev) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, dev.bootstrapServers()));
    }

    private static long records(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (TopicPartitionInfo partition : admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions()) {
            ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
        }
        return admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    private static List<String> warmupTopics(Admin admin) throws Exception {
        Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        return names.stream().filter(name -> name.startsWith(DevWarmup.PREFIX)).toList();
    }

    private static List<String> warmupGroups(Admin admin) throws Exception {
        return admin.listGroups().all().get(10, TimeUnit.SECONDS).stream().map(GroupListing::groupId)
                .filter(id -> id.startsWith(DevWarmup.PREFIX)).toList();
    }
}
