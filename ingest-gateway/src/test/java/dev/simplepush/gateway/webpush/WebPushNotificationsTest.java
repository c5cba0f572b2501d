package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.token.EndpointAddress;
import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.schemas.token.Subscription;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records the Web Push routes write (spec W3.1, W4.4, W4.8, W3.9). */
class WebPushNotificationsTest {
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
    private static final Subscription SUBSCRIPTION = Subscription.unrestricted(new EndpointAddress(UAID, CHID));

    private static AcceptedPost post(WebPushMessage message, MessageRef ref) {
        return new AcceptedPost(SUBSCRIPTION, Optional.empty(), message, ref, "the-id", "https://p.example/m/the-id");
    }

    @Test
    void aPostIsANotificationWhoseVersionIsTheAcceptanceTimeAndWhoseMessageIsWhatTheDeviceGets() {
        byte[] body = {(byte) 0xfb, (byte) 0xff, 0x00, 0x41};
        WebPushMessage message = new WebPushMessage(60, Optional.of("news"), Urgency.LOW,
                Optional.of(ContentEncoding.AES128GCM), null, null, body);

        Notification notification = WebPushNotifications.post("0-a-1", 3, post(message, MessageRef.topic(UAID, CHID,
                "news")), 1_700_000_000_123L);

        assertThat(notification.requestId()).isEqualTo("0-a-1");
        assertThat(notification.gatewayId()).isEqualTo(3);
        assertThat(notification.uaid()).isEqualTo(UAID);
        assertThat(notification.channelId()).isEqualTo(CHID);
        assertThat(notification.version()).isEqualTo(1_700_000_000_123L);
        assertThat(notification.acceptedAtMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(notification.data()).isNull();
        assertThat(notification.webPush()).isEqualTo(new WebPushRequest.Post(
                new PushMessage(CHID, "the-id", 60, "-_8AQQ", PushHeaders.aes128gcm()),
                MessageRef.Kind.TOPIC, "news", "news", "low", 4));
    }

    @Test
    void anAesgcmMessageKeepsItsTwoHeadersAndAnEmptyBodyHasNeitherDataNorHeaders() {
        WebPushMessage aesgcm = new WebPushMessage(5, Optional.empty(), Urgency.NORMAL,
                Optional.of(ContentEncoding.AESGCM), "salt=abc", "dh=xyz", new byte[] {1});
        WebPushMessage empty = new WebPushMessage(0, Optional.empty(), Urgency.NORMAL, Optional.empty(), null, null,
                new byte[0]);

        PushMessage withHeaders = WebPushNotifications.pushMessage(post(aesgcm, MessageRef.unique(UAID, CHID, "k")));
        PushMessage bare = WebPushNotifications.pushMessage(post(empty, MessageRef.unique(UAID, CHID, "k")));

        assertThat(withHeaders.headers()).isEqualTo(new PushHeaders("aesgcm", "salt=abc", "dh=xyz"));
        assertThat(withHeaders.data()).isEqualTo("AQ");
        assertThat(bare.data()).isNull();
        assertThat(bare.headers()).isNull();
    }

    @Test
    void theWrittenJsonCarriesTheDevicesFieldNames() throws Exception {
        WebPushMessage aesgcm = new WebPushMessage(5, Optional.empty(), Urgency.NORMAL,
                Optional.of(ContentEncoding.AESGCM), "salt=abc", "dh=xyz", new byte[] {1});

        String json = Json.MAPPER.writeValueAsString(
                WebPushNotifications.post("r", 0, post(aesgcm, MessageRef.unique(UAID, CHID, "k")), 1L));

        assertThat(json).contains("\"type\":\"post\"", "\"crypto_key\":\"dh=xyz\"", "\"encryption\":\"salt=abc\"");
    }

    @Test
    void aCancelNamesTheMessagesChannelWithVersionZero() {
        Notification cancel = WebPushNotifications.cancel("0-a-2", 1, MessageRef.unique(UAID, CHID, "k1"), 42L);

        assertThat(cancel.uaid()).isEqualTo(UAID);
        assertThat(cancel.channelId()).isEqualTo(CHID);
        assertThat(cancel.version()).isZero();
        assertThat(cancel.acceptedAtMillis()).isEqualTo(42L);
        assertThat(cancel.webPush()).isEqualTo(new WebPushRequest.Cancel(MessageRef.Kind.UNIQUE, "k1"));
    }
}
