package dev.simplepush.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.node.protocol.ServerMessage;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code webpush.enabled}, and what data mode asks of the node's other limits (webpush.md W1.1, W3.4). */
class WebPushConfigTest {
    /** webpush.md W3.4 {@code webpush.max.unacked} and W4.2 {@code webpush.max.payload}, their defaults. */
    private static final int WINDOW = 100;
    private static final int MAX_PAYLOAD = 4096;

    @Test
    void webPushIsOnByDefaultAndReachesTheConnections() {
        NodeConfig config = NodeConfig.from(ConfigSource.of(Map.of()));

        assertThat(config.webPushEnabled()).isTrue();
        assertThat(config.connectionSettings().webPushEnabled()).isTrue();
    }

    @Test
    void webPushCanBeTurnedOff() {
        NodeConfig config = NodeConfig.from(ConfigSource.of(Map.of("webpush.enabled", "false")));

        assertThat(config.webPushEnabled()).isFalse();
        assertThat(config.connectionSettings().webPushEnabled()).isFalse();
        assertThat(config.toString()).contains("webPush=false");
    }

    @Test
    void aValueThatIsNotABooleanNamesTheKey() {
        assertThatThrownBy(() -> NodeConfig.from(ConfigSource.of(Map.of("webpush.enabled", "sometimes"))))
                .isInstanceOf(IllegalConfigurationException.class).hasMessageContaining("webpush.enabled");
    }

    @Test
    void theDefaultOutboundBoundHoldsAWholeWindowOfTheLargestMessages() {
        EndpointTokens tokens = EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey()));
        String messageId = new MessageIds(tokens).encode(MessageRef.topic("9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3",
                "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57", "t".repeat(32)));
        // The largest frame: a full body in aesgcm, with both of its headers at a generous length.
        String data = "A".repeat((MAX_PAYLOAD * 4 + 2) / 3);
        PushMessage largest = new PushMessage("1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57", messageId, 2_592_000, data,
                new PushHeaders("aesgcm", "salt=" + "s".repeat(22), "dh=" + "k".repeat(87) + ";p256ecdsa="
                        + "k".repeat(87)));
        int frame = new ServerMessage.PushNotification(largest).toJson().length();

        assertThat(frame).as("about 5.8 KB").isBetween(5_500, 6_500);
        long defaultBound = NodeConfig.from(ConfigSource.of(Map.of())).transport().maxOutboundBytes();
        assertThat((long) WINDOW * frame).isLessThan(defaultBound / 3);
    }
}
