package dev.simplepush.testing.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.webpush.WebPushDevice.Message;
import dev.simplepush.testing.webpush.WebPushDevice.Subscription;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test device's frames, against a fake data-mode server that records what it gets. */
class WebPushDeviceTest {
    private static final String UAID = "5a8c7e1f2b3d4c6e9f0a1b2c3d4e5f60";
    private static final String ENDPOINT = "http://push.example/update/token";
    // RFC 8291 Appendix A
    private static final String RFC_UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String RFC_UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String RFC_AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String RFC_BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
            + "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    private DataModeServer server;
    private WebPushDevice device;

    @BeforeEach
    void start() throws InterruptedException {
        server = DataModeServer.startListening();
        device = new WebPushDevice(server.uri());
    }

    @AfterEach
    void stop() throws InterruptedException {
        device.close();
        server.stop(1000);
    }

    @Test
    void theHelloAsksForDataModeAndTheNextConnectionsHelloCarriesTheUaid() throws Exception {
        device.connect();
        WebPushDevice.Hello hello = device.hello();

        assertThat(hello.uaid()).isEqualTo(UAID);
        assertThat(hello.dataMode()).isTrue();
        JsonNode first = server.received();
        assertThat(first.path("use_webpush").asBoolean()).isTrue();
        assertThat(first.path("broadcasts").isObject()).isTrue();
        assertThat(first.has("uaid")).isFalse();
        assertThat(device.client().subprotocol()).isEqualTo(DeviceClient.SUBPROTOCOL);

        device.disconnect();
        device.connect();
        device.hello();
        assertThat(server.received().path("uaid").asText()).isEqualTo(UAID);
    }

    @Test
    void subscribeSendsTheApplicationServerKeyPaddedAsGeckoDoesAndKeepsTheEndpoint() throws Exception {
        device.connect();
        device.hello();
        server.received();
        VapidKeys vapid = VapidKeys.generate();

        Subscription subscription = device.subscribe("8d2a4c0e-6b1f-4e3a-9c5d-7f1e2a3b4c5d", vapid.publicKeyBytes());

        JsonNode register = server.received();
        assertThat(register.path("key").asText()).endsWith("=").startsWith(vapid.publicKey());
        assertThat(subscription.endpoint()).isEqualTo(ENDPOINT);
        assertThat(subscription.toJson()).containsEntry("endpoint", ENDPOINT);
        assertThat(device.subscriptions()).containsKey(subscription.channelId());
    }

    @Test
    void aNotificationIsDecryptedWithItsSubscriptionsKeysAndAckedByMessageIdWithItsCode() throws Exception {
        device.connect();
        device.hello();
        Subscription subscription = device.subscribe("chid-1", null, PushKeys.of(RFC_UA_PUBLIC, RFC_UA_PRIVATE, RFC_AUTH));
        server.received();
        server.received();

        server.push("{\"messageType\":\"notification\",\"channelID\":\"chid-1\",\"version\":\"msg-id-1\",\"ttl\":60,"
                + "\"data\":\"" + RFC_BODY + "\",\"headers\":{\"encoding\":\"aes128gcm\"}}");
        Message message = device.receiveMessage();

        assertThat(message.channelId()).isEqualTo(subscription.channelId());
        assertThat(message.messageId()).isEqualTo("msg-id-1");
        assertThat(message.ttl()).isEqualTo(60);
        assertThat(new String(device.decrypt(message), StandardCharsets.UTF_8)).isEqualTo("When I grow up, I want to be a watermelon");

        device.ack(message, WebPushDevice.DELIVERED);
        JsonNode ack = server.received();
        assertThat(ack.path("messageType").asText()).isEqualTo("ack");
        assertThat(ack.path("updates")).hasSize(1);
        JsonNode update = ack.path("updates").get(0);
        assertThat(update.path("channelID").asText()).isEqualTo("chid-1");
        assertThat(update.path("version").asText()).isEqualTo("msg-id-1");
        assertThat(update.path("code").asInt()).isEqualTo(100);
    }

    @Test
    void unsubscribeSendsGeckosManualCodeAndForgetsTheSubscription() throws Exception {
        device.connect();
        device.hello();
        Subscription subscription = device.subscribe(null);
        server.received();
        server.received();

        device.unsubscribe(subscription);

        JsonNode unregister = server.received();
        assertThat(unregister.path("channelID").asText()).isEqualTo(subscription.channelId());
        assertThat(unregister.path("code").asInt()).isEqualTo(200);
        assertThat(device.subscriptions()).isEmpty();
    }

    @Test
    void paddedDataASimplePushNotificationAndDataForAnUnknownChannelAreEachRefused() throws Exception {
        device.connect();
        device.hello();

        server.push("{\"messageType\":\"notification\",\"channelID\":\"c\",\"version\":\"m\",\"ttl\":1,\"data\":\"AAA=\","
                + "\"headers\":{\"encoding\":\"aes128gcm\"}}");
        assertThatThrownBy(() -> device.receiveMessage()).isInstanceOf(AssertionError.class).hasMessageContaining("unpadded");

        server.push("{\"messageType\":\"notification\",\"updates\":[{\"channelID\":\"c\",\"version\":5}]}");
        assertThatThrownBy(() -> device.receiveMessage()).isInstanceOf(AssertionError.class).hasMessageContaining("data-mode");

        server.push("{\"messageType\":\"notification\",\"channelID\":\"c\",\"version\":\"m\",\"ttl\":1,\"data\":\"AAAA\","
                + "\"headers\":{\"encoding\":\"aes128gcm\"}}");
        Message stray = device.receiveMessage();
        assertThatThrownBy(() -> device.decrypt(stray)).isInstanceOf(AssertionError.class).hasMessageContaining("not subscribed");
    }

    /** Answers hello (data mode), register and unregister; records every frame; sends what a test pushes. */
    private static final class DataModeServer extends WebSocketServer {
        private final CountDownLatch started = new CountDownLatch(1);
        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

        private DataModeServer() {
            super(new InetSocketAddress("127.0.0.1", 0), List.of(new Draft_6455(List.of(), List.of(new Protocol(DeviceClient.SUBPROTOCOL)))));
            setDaemon(true);
        }

        static DataModeServer startListening() throws InterruptedException {
            DataModeServer server = new DataModeServer();
            server.start();
            if (!server.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake server did not start");
            }
            return server;
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + getPort() + "/");
        }

        JsonNode received() throws InterruptedException {
            JsonNode frame = received.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame from the device").isNotNull();
            return frame;
        }

        void push(String frame) {
            getConnections().forEach(connection -> connection.send(frame));
        }

        @Override
        public void onMessage(WebSocket connection, String text) {
            JsonNode frame;
            try {
                frame = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                return;
            }
            received.add(frame);
            String chid = frame.path("channelID").asText();
            switch (frame.path("messageType").asText()) {
                case "hello" -> connection.send("{\"messageType\":\"hello\",\"uaid\":\"" + UAID
                        + "\",\"status\":200,\"use_webpush\":true,\"broadcasts\":{}}");
                case "register" -> connection.send("{\"messageType\":\"register\",\"uaid\":\"" + UAID + "\",\"status\":200,"
                        + "\"channelID\":\"" + chid + "\",\"pushEndpoint\":\"" + ENDPOINT + "\"}");
                case "unregister" -> connection.send("{\"messageType\":\"unregister\",\"status\":200,\"channelID\":\"" + chid + "\"}");
                default -> {
                }
            }
        }

        @Override
        public void onOpen(WebSocket connection, ClientHandshake handshake) {
        }

        @Override
        public void onClose(WebSocket connection, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(WebSocket connection, Exception e) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
