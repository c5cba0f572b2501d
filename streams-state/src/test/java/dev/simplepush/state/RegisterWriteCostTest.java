package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.config.ConfigSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The changelog bytes one device's registers cost, as docs/performance.md ("State writes per
 * register") reports them: one hello, then N registers of new channels, summing key and value
 * bytes of every record written to the stores' changelogs. Self-contained (it uses only what the
 * topology offered before per-channel rows too), so the same file measures the older version.
 */
class RegisterWriteCostTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final List<String> STORES = List.of("registrations", "channels", "pending", "presence");

    @TempDir
    Path stateDir;

    @Test
    void theChangelogBytesOfARegisterDoNotGrowWithTheDevicesChannels() {
        int registers = 1_000;
        StateConfig config = StateConfig.from(ConfigSource.of(Map.of("state.dir", stateDir.toString(),
                "state.max.channels.per.uaid", "5000", "state.fast.deliveries", "false")));
        try (TopologyTestDriver driver = new TopologyTestDriver(StateTopology.build(Topics.DEFAULT,
                new StateRules(200, 5_000), (topic, key, value, partitions) -> Optional.empty(),
                (topic, key, value, partitions) -> Optional.empty()), config.streamsProperties(), Instant.now())) {
            TestInputTopic<String, DeviceEvent> events = driver.createInputTopic(Topics.DEFAULT.deviceEvents().name(),
                    Topics.DEFAULT.deviceEvents().keySerde().serializer(),
                    Topics.DEFAULT.deviceEvents().valueSerde().serializer());
            events.pipeInput(UAID, new DeviceEvent.Hello(UAID, 1, "c1", 0, true, 1L));
            changelogBytes(driver);
            long total = 0;
            long first = 0;
            long last = 0;
            for (int i = 0; i < registers; i++) {
                events.pipeInput(UAID, new DeviceEvent.Register(UAID, 1, "c1",
                        new UUID(0x1111_2222_4333_0000L + i, 0x8444_5555_6666_7777L).toString(), 1L));
                last = changelogBytes(driver);
                first = i == 0 ? last : first;
                total += last;
            }
            System.out.printf("registers=%d changelog bytes: total=%d first=%d last=%d mean=%d%n", registers, total,
                    first, last, total / registers);

            assertThat(last).isLessThanOrEqualTo(first + 4);
        }
    }

    private static long changelogBytes(TopologyTestDriver driver) {
        long bytes = 0;
        for (String store : STORES) {
            for (TestRecord<String, byte[]> record : driver.createOutputTopic(
                    StateConfig.DEFAULT_APPLICATION_ID + "-" + store + "-changelog", new StringDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList()) {
                bytes += record.key().getBytes(StandardCharsets.UTF_8).length
                        + (record.value() == null ? 0 : record.value().length);
            }
        }
        return bytes;
    }
}
