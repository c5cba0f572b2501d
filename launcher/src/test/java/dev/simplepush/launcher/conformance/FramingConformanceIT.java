package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.launcher.Deployment;
import dev.simplepush.testing.DeviceClient;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Spec §2 and checklist items 5–10: reading a message, the echo error, key matching. */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FramingConformanceIT {
    private Deployment deployment;

    @BeforeAll
    void startServices(KafkaCluster cluster, @TempDir Path stateDir) {
        // Pings serve as barriers here ("everything before it was handled"), so no rate limit.
        deployment = Deployment.builder(cluster, stateDir).set("node.min.ping.interval", "0").nodes(1).start();
    }

    @AfterAll
    void stopServices() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    @Checklist(5)
    @DisplayName("§16.5 missing, null, empty or unknown messageType gets 401 \"Invalid Command\", then a close")
    void aMissingNullEmptyOrUnknownMessageTypeGets401AndAClose() {
        List<String> requests = List.of(
                "{\"channelIDs\":[]}",
                "{\"messageType\":null,\"channelIDs\":[]}",
                "{\"messageType\":\"\",\"channelIDs\":[]}",
                "{\"messageType\":\"subscribe\",\"channelID\":\"" + Wire.chid() + "\"}",
                "{\"messageType\":\"notification\",\"updates\":[]}",
                "{\"messageType\":\" hello\",\"channelIDs\":[]}");
        for (String request : requests) {
            echoesBeforeAndAfterHello(request, 401);
        }
    }

    @Test
    @Checklist(5)
    @DisplayName("§16.5 (§2.2) after an echo error nothing more is read: a ping sent right behind it gets no pong")
    void nothingIsReadAfterAnEchoError() {
        String unknown = "{\"messageType\":\"bogus\"}";
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send(unknown);
            device.send("{}");
            Wire.assertEcho(device.receive(), unknown, 401);
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
            device.expectNoMessage(Duration.ofMillis(50));
        }
    }

    @Test
    @Checklist(6)
    @DisplayName("§16.6 a numeric, boolean or other non-string messageType gets the 401 echo")
    void aNonStringMessageTypeGets401() {
        for (String request : List.of(
                "{\"messageType\":1,\"channelIDs\":[]}",
                "{\"messageType\":0.5}",
                "{\"messageType\":true,\"channelIDs\":[]}",
                "{\"messageType\":false}",
                "{\"messageType\":{\"type\":\"hello\"},\"channelIDs\":[]}",
                "{\"messageType\":[\"hello\"],\"channelIDs\":[]}")) {
            echoesBeforeAndAfterHello(request, 401);
        }
    }

    @Test
    @Checklist(7)
    @DisplayName("§16.7 an echo keeps every client field (updates[0].version 23) and the messageType spelling")
    void anEchoKeepsEveryClientFieldAndTheMessageTypeSpelling() {
        String chid = Wire.chid();
        String ack = "{\"messageType\":\"ACK\",\"updates\":[{\"channelID\":\"" + chid + "\",\"version\":23}],"
                + "\"extra\":{\"nested\":[1,2.50,null,\"\u00fc\u2603\"],\"flag\":false}}";
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send(ack); // an ack before hello: 401 (spec §3.8)
            String reply = device.receive();
            Wire.assertEcho(reply, ack, 401);
            JsonNode echo = Wire.parse(reply);
            assertThat(echo.path("messageType").asText()).isEqualTo("ACK");
            assertThat(echo.path("updates").get(0).path("version").isIntegralNumber()).isTrue();
            assertThat(echo.path("updates").get(0).path("version").asLong()).isEqualTo(23);
            assertThat(reply).as("a decimal keeps its digits").contains("2.50");
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
        }
    }

    @Test
    @Checklist(7)
    @DisplayName("§16.7 (§2.2, §15) the echo overwrites status and error and is exactly the example of §15")
    void anEchoOverwritesStatusAndErrorAndMatchesTheSpecExample() {
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send("{\"messageType\":\"Register\",\"channelID\":\"x\"}");
            assertThat(device.receive())
                    .isEqualTo("{\"messageType\":\"Register\",\"channelID\":\"x\",\"status\":401,\"error\":\"Invalid Command\"}");
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
        }
        String withStatus = "{\"messageType\":\"Register\",\"status\":\"pending\",\"channelID\":\"x\",\"error\":false}";
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.hello(null);
            device.send(withStatus);
            Wire.assertEcho(device.receive(), withStatus, 401);
        }
    }

    @Test
    @Checklist(8)
    @DisplayName("§16.8 \"HELLO\" succeeds and the reply says \"hello\"; other types are also case-insensitive")
    void anUpperCaseHelloSucceedsAndTheReplySaysHello() {
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send("{\"messageType\":\"HELLO\",\"channelIDs\":[]}");
            JsonNode reply = Wire.parse(device.receive());
            assertThat(reply.path("messageType").asText()).isEqualTo("hello");
            assertThat(reply.path("status").asInt()).isEqualTo(200);
            assertThat(reply.path("uaid").asText()).matches(Wire.GENERATED_UAID);

            String chid = Wire.chid();
            device.send("{\"messageType\":\"ReGiStEr\",\"channelID\":\"" + chid + "\"}");
            JsonNode registered = Wire.parse(device.receive());
            assertThat(registered.path("messageType").asText()).isEqualTo("register");
            assertThat(registered.path("status").asInt()).isEqualTo(200);

            device.send("{\"messageType\":\"UNREGISTER\",\"channelID\":\"" + chid + "\"}");
            assertThat(Wire.parse(device.receive()).path("messageType").asText()).isEqualTo("unregister");
            device.send("{\"messageType\":\"PING\"}");
            assertThat(device.receive()).isEqualTo("{}");
        }
    }

    @Test
    @Checklist(9)
    @DisplayName("§16.9 messagetype and ChannelIds work as keys; \" messageType \" gets 401")
    void keysMatchCaseInsensitivelyButNotWithPadding() {
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send("{\"messagetype\":\"hello\",\"ChannelIds\":[]}");
            JsonNode reply = Wire.parse(device.receive());
            assertThat(reply.path("messageType").asText()).isEqualTo("hello");
            assertThat(reply.path("status").asInt()).isEqualTo(200);

            String chid = Wire.chid();
            device.send("{\"MESSAGETYPE\":\"register\",\"channelid\":\"" + chid + "\"}");
            JsonNode registered = Wire.parse(device.receive());
            assertThat(registered.path("status").asInt()).isEqualTo(200);
            assertThat(registered.path("channelID").asText()).isEqualTo(chid);
        }
        String padded = "{\" messageType \":\"hello\",\"channelIDs\":[]}";
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send(padded);
            Wire.assertEcho(device.receive(), padded, 401);
            assertThat(device.awaitClose(Wire.TIMEOUT)).isEqualTo(Wire.NORMAL_CLOSURE);
        }
        String paddedChannels = "{\"messageType\":\"hello\",\"channelIDs \":[]}";
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send(paddedChannels);
            Wire.assertEcho(device.receive(), paddedChannels, 401);
        }
    }

    @Test
    @Checklist(9)
    @DisplayName("§16.9 an exact-case key beats a case variant, wherever the variant stands")
    void anExactKeyBeatsACaseVariant() {
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            // The variant comes first and names another type; the exact key still decides.
            device.send("{\"MessageType\":\"register\",\"CHANNELIDS\":\"not an array\",\"messageType\":\"hello\","
                    + "\"channelIDs\":[]}");
            JsonNode reply = Wire.parse(device.receive());
            assertThat(reply.path("messageType").asText()).isEqualTo("hello");
            assertThat(reply.path("status").asInt()).isEqualTo(200);

            String chid = Wire.chid();
            device.send("{\"channelid\":\"not a valid id\",\"messageType\":\"register\",\"ChannelID\":\"also bad\","
                    + "\"channelID\":\"" + chid + "\"}");
            JsonNode registered = Wire.parse(device.receive());
            assertThat(registered.path("status").asInt()).isEqualTo(200);
            assertThat(registered.path("channelID").asText()).isEqualTo(chid);
        }
    }

    @Test
    @Checklist(10)
    @DisplayName("§16.10 unknown extra fields are ignored in hello, register, unregister, ack and ping")
    void unknownExtraFieldsAreIgnored() {
        try (DeviceClient device = DeviceClient.connect(deployment.node(0))) {
            device.send("{\"messageType\":\"hello\",\"channelIDs\":[],\"foo\":{\"bar\":[1,2]},\"connect\":\"opaque\","
                    + "\"x-extra\":null}");
            JsonNode hello = Wire.parse(device.receive());
            assertThat(hello.path("status").asInt()).isEqualTo(200);
            String uaid = hello.path("uaid").asText();

            String chid = Wire.chid();
            // spec §4.1: a uaid in register is ignored too.
            device.send("{\"messageType\":\"register\",\"channelID\":\"" + chid + "\",\"uaid\":\""
                    + Wire.unknownUaid() + "\",\"key\":\"value\"}");
            JsonNode registered = Wire.parse(device.receive());
            assertThat(registered.path("status").asInt()).isEqualTo(200);
            assertThat(registered.path("uaid").asText()).isEqualTo(uaid);

            device.send("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + chid
                    + "\",\"version\":1,\"note\":\"x\"}],\"more\":[]}");
            device.send("{\"messageType\":\"ping\",\"padding\":\"xyz\"}");
            assertThat(device.receive()).as("the ack has no reply, the ping gets its pong").isEqualTo("{}");

            device.send("{\"messageType\":\"unregister\",\"channelID\":\"" + chid + "\",\"reason\":7}");
            JsonNode unregistered = Wire.parse(device.receive());
            assertThat(unregistered.path("status").asInt()).isEqualTo(200);
            assertThat(unregistered.path("channelID").asText()).isEqualTo(chid);
        }
    }

    /** Sends {@code request} on a fresh socket before hello and on one after hello; each gets the echo and a close. */
    private void echoesBeforeAndAfterHello(String request, int status) {
        try (DeviceClient before = DeviceClient.connect(deployment.node(0));
                DeviceClient after = DeviceClient.connect(deployment.node(0))) {
            after.hello(null);
            before.send(request);
            after.send(request);
            Wire.assertEcho(before.receive(), request, status);
            Wire.assertEcho(after.receive(), request, status);
            assertThat(before.awaitClose(Wire.TIMEOUT)).as("close after %s", request).isEqualTo(Wire.NORMAL_CLOSURE);
            assertThat(after.awaitClose(Wire.TIMEOUT)).as("close after %s", request).isEqualTo(Wire.NORMAL_CLOSURE);
        }
    }
}
