package dev.simplepush.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact text of what a data-mode device receives (webpush.md W1.1, W3.1, W6.1). */
class WebPushServerMessageTest {

    @Test
    void aDataModeHelloReplyCarriesUseWebpushAndBroadcasts() {
        assertThat(new ServerMessage.HelloReply("abc", true, Map.of()).toJson()).isEqualTo(
                "{\"messageType\":\"hello\",\"uaid\":\"abc\",\"status\":200,\"use_webpush\":true,\"broadcasts\":{}}");
    }

    @Test
    void aDataModeHelloReplyListsTheBroadcastsItIsGiven() {
        assertThat(new ServerMessage.HelloReply("abc", true, Map.of("b", "2", "a", "1")).toJson()).isEqualTo(
                "{\"messageType\":\"hello\",\"uaid\":\"abc\",\"status\":200,\"use_webpush\":true,"
                        + "\"broadcasts\":{\"a\":\"1\",\"b\":\"2\"}}");
    }

    @Test
    void aSimplePushHelloReplyCarriesBroadcastsOnlyWhenSomeDiffer() {
        assertThat(new ServerMessage.HelloReply("abc", false, Map.of()).toJson())
                .isEqualTo("{\"messageType\":\"hello\",\"uaid\":\"abc\",\"status\":200}");
        assertThat(new ServerMessage.HelloReply("abc", false, Map.of("a", "1")).toJson())
                .isEqualTo("{\"messageType\":\"hello\",\"uaid\":\"abc\",\"status\":200,\"broadcasts\":{\"a\":\"1\"}}");
    }

    @Test
    void anAes128gcmMessageIsOneNotificationWithItsDataAndEncoding() {
        PushMessage message = new PushMessage("chid", "mid", 60, "AAEC_-8", PushHeaders.aes128gcm());

        assertThat(new ServerMessage.PushNotification(message).toJson()).isEqualTo(
                "{\"messageType\":\"notification\",\"channelID\":\"chid\",\"version\":\"mid\",\"ttl\":60,"
                        + "\"data\":\"AAEC_-8\",\"headers\":{\"encoding\":\"aes128gcm\"}}");
    }

    @Test
    void anAesgcmMessageCarriesEncryptionAndCryptoKeyHeaders() {
        PushMessage message = new PushMessage("chid", "mid", 0, "AAEC",
                new PushHeaders("aesgcm", "salt=c2FsdA", "dh=BEx0;p256ecdsa=BKey"));

        assertThat(new ServerMessage.PushNotification(message).toJson()).isEqualTo(
                "{\"messageType\":\"notification\",\"channelID\":\"chid\",\"version\":\"mid\",\"ttl\":0,"
                        + "\"data\":\"AAEC\",\"headers\":{\"encoding\":\"aesgcm\",\"encryption\":\"salt=c2FsdA\","
                        + "\"crypto_key\":\"dh=BEx0;p256ecdsa=BKey\"}}");
    }

    @Test
    void aMessageWithoutDataHasNeitherDataNorHeaders() {
        assertThat(new ServerMessage.PushNotification(new PushMessage("chid", "mid", 5, null, null)).toJson())
                .isEqualTo("{\"messageType\":\"notification\",\"channelID\":\"chid\",\"version\":\"mid\",\"ttl\":5}");
        assertThat(new ServerMessage.PushNotification(new PushMessage("chid", "mid", 5, "", PushHeaders.aes128gcm()))
                .toJson()).doesNotContain("data").doesNotContain("headers");
    }

    @Test
    void aBroadcastMessageListsTheChangedVersions() {
        assertThat(new ServerMessage.Broadcast(Map.of("x", "\"17\"")).toJson())
                .isEqualTo("{\"messageType\":\"broadcast\",\"broadcasts\":{\"x\":\"\\\"17\\\"\"}}");
    }

    @Test
    void anInvalidKeyRefusalKeepsTheRegisterShape() {
        assertThat(new ServerMessage.RegisterRefused("u", "C", ServerMessage.RegisterRefused.INVALID_KEY_STATUS,
                ServerMessage.RegisterRefused.INVALID_KEY).toJson()).isEqualTo(
                "{\"messageType\":\"register\",\"uaid\":\"u\",\"status\":400,\"error\":\"Invalid key\","
                        + "\"channelID\":\"C\"}");
    }
}
