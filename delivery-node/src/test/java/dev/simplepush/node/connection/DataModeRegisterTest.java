package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.CHID;
import static dev.simplepush.node.connection.ConnectionHarness.ENDPOINT_BASE;
import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.token.AppServerKeys;
import dev.simplepush.schemas.token.EndpointAddress;
import dev.simplepush.schemas.token.Subscription;
import dev.simplepush.schemas.token.SubscriptionTokens;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** webpush.md W2.1, W2.2 and W8 item 4: register with an application server key, unregister with a code. */
class DataModeRegisterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionHarness h = new ConnectionHarness();

    private static byte[] key() {
        byte[] key = new byte[AppServerKeys.KEY_BYTES];
        Arrays.fill(key, (byte) 0x5a);
        key[0] = 0x04;
        return key;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private void register(String keyJson) {
        h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\",\"key\":" + keyJson + "}");
    }

    /** The subscription the reply's endpoint names. */
    private Subscription endpointSubscription() throws Exception {
        h.command(new NodeCommand.RegisterResult(NODE_ID, h.connection.id(), UAID, CHID, 200));
        JsonNode reply = json(h.socket.last());
        assertThat(reply.get("status").intValue()).isEqualTo(200);
        String endpoint = reply.get("pushEndpoint").textValue();
        assertThat(endpoint).startsWith(ENDPOINT_BASE + "/update/");
        Optional<Subscription> subscription = new SubscriptionTokens(h.tokens)
                .decode(endpoint.substring((ENDPOINT_BASE + "/update/").length()));
        assertThat(subscription).isPresent();
        return subscription.get();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aPaddedOrUnpaddedKeyGivesAnEndpointBoundToTheKey(boolean padded) throws Exception {
        h.identifiedInDataMode();
        Base64.Encoder encoder = padded ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding();
        register("\"" + encoder.encodeToString(key()) + "\"");

        assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Register(UAID, NODE_ID, h.connection.id(), CHID,
                h.time.millis(), true));
        Subscription subscription = endpointSubscription();
        assertThat(subscription.address()).isEqualTo(new EndpointAddress(UAID, CHID));
        assertThat(subscription.restricted()).isTrue();
        assertThat(subscription.boundTo(key())).isTrue();
        assertThat(h.tokens.decode(json(h.socket.last()).get("pushEndpoint").textValue().replaceFirst(".*/", "")))
                .as("a SimplePush PUT cannot use a restricted endpoint").isEmpty();
    }

    @Test
    void aDataModeRegisterWithoutKeyGetsAnUnrestrictedEndpoint() throws Exception {
        h.identifiedInDataMode();
        register("null");

        assertThat(((DeviceEvent.Register) h.outbound.lastEvent()).restricted()).isFalse();
        assertThat(endpointSubscription().restricted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"not a key!\"", "\"BAAA\"", "17", "{}"})
    void anInvalidKeyGetsStatus400AndTheSocketStaysOpen(String keyJson) throws Exception {
        h.identifiedInDataMode();
        int eventsBefore = h.outbound.events.size();
        register(keyJson);

        JsonNode reply = json(h.socket.last());
        assertThat(reply.get("messageType").textValue()).isEqualTo("register");
        assertThat(reply.get("status").intValue()).isEqualTo(400);
        assertThat(reply.get("error").textValue()).isEqualTo("Invalid key");
        assertThat(reply.get("channelID").textValue()).isEqualTo(CHID);
        assertThat(reply.has("pushEndpoint")).isFalse();
        assertThat(h.socket.closed()).isFalse();
        assertThat(h.outbound.events).hasSize(eventsBefore);

        h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\"}");
        assertThat(h.outbound.lastEvent()).isInstanceOf(DeviceEvent.Register.class);
    }

    @Test
    void aKeyOnASimplePushModeConnectionIsIgnored() throws Exception {
        h.identified();
        register("\"not a key!\"");

        assertThat(((DeviceEvent.Register) h.outbound.lastEvent()).restricted()).isFalse();
        assertThat(endpointSubscription().restricted()).isFalse();
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void anUnregisterPassesItsCodeOn() {
        h.identifiedInDataMode();
        h.receive("{\"messageType\":\"unregister\",\"channelID\":\"" + CHID + "\",\"code\":202}");

        assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Unregister(UAID, NODE_ID, h.connection.id(),
                CHID, h.time.millis(), 202));
    }
}
