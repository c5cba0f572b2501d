package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
    private final Topics topics = Topics.DEFAULT;

    @Test
    void everyDeviceEventSurvivesARoundTrip() {
        List<DeviceEvent> events = List.of(
                new DeviceEvent.Hello("u", 1, "c", 3, false, 10L),
                new DeviceEvent.Hello("u", 1, "c", 0, true, 10L, new WakeData("10.0.0.1", 8080, "214", "07", "n")),
                new DeviceEvent.Hello("u", 1, "c", 2, false, 10L, null, 10_010L),
                new DeviceEvent.Register("u", 1, "c", "ch", 11L),
                new DeviceEvent.Unregister("u", 1, "c", "ch", 12L),
                new DeviceEvent.Ack("u", 1, "c", List.of(Update.of("ch", 5)), 13L),
                new DeviceEvent.Disconnect("u", 1, "c", 14L));
        var serde = topics.deviceEvents().valueSerde();
        for (DeviceEvent event : events) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", event)))
                    .isEqualTo(event);
        }
    }

    @Test
    void everyNodeCommandSurvivesARoundTrip() {
        List<NodeCommand> commands = List.of(
                new NodeCommand.HelloResult(2, "c", "u", NodeCommand.HelloOutcome.RESET),
                new NodeCommand.HelloResult(2, "c", "u", NodeCommand.HelloOutcome.ACCEPTED, true),
                new NodeCommand.RegisterResult(2, "c", "u", "ch", 200),
                new NodeCommand.UnregisterResult(2, "c", "u", "ch", 200),
                new NodeCommand.Deliver(2, "c", "u", List.of(new Update("ch", 7, "hi")),
                        new NodeCommand.ReplyTo(3, "r", 1_700_000_000_000L)),
                new NodeCommand.Deliver(2, "c", "u", List.of(Update.of("ch", 7)), null),
                new NodeCommand.CloseConnection(2, "c", "u"));
        var serde = topics.nodeCommands().valueSerde();
        for (NodeCommand command : commands) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", command)))
                    .isEqualTo(command);
        }
    }

    @Test
    void absentDataIsLeftOutOfTheRecord() {
        byte[] bytes = topics.nodeCommands().valueSerde().serializer()
                .serialize("t", new NodeCommand.Deliver(0, "c", "u", List.of(Update.of("ch", 1)), null));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("data").doesNotContain("replyTo");
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() {
        byte[] bytes = "{\"requestId\":\"r\",\"gatewayId\":1,\"uaid\":\"u\",\"channelId\":\"c\",\"version\":5,\"future\":true}"
                .getBytes(StandardCharsets.UTF_8);

        Notification read = topics.notifications().valueSerde().deserializer().deserialize("t", bytes);

        assertThat(read.version()).isEqualTo(5);
        assertThat(read.data()).isNull();
    }

    @Test
    void aReplyToWithoutAnAcceptanceTimeFromAnOlderWriterReadsAsZero() {
        byte[] bytes = ("{\"type\":\"deliver\",\"nodeId\":0,\"connectionId\":\"c\",\"uaid\":\"u\","
                + "\"updates\":[{\"channelId\":\"ch\",\"version\":1}],\"replyTo\":{\"gatewayId\":2,\"requestId\":\"r\"}}")
                .getBytes(StandardCharsets.UTF_8);

        NodeCommand read = topics.nodeCommands().valueSerde().deserializer().deserialize("t", bytes);

        assertThat(((NodeCommand.Deliver) read).replyTo()).isEqualTo(new NodeCommand.ReplyTo(2, "r"));
        assertThat(((NodeCommand.Deliver) read).replyTo().acceptedAtMillis()).isZero();
    }

    @Test
    void aHelloResultWithoutFlushFollowsFromAnOlderWriterReadsAsFalse() {
        byte[] bytes = "{\"type\":\"hello-result\",\"nodeId\":1,\"connectionId\":\"c\",\"uaid\":\"u\",\"outcome\":\"ACCEPTED\"}"
                .getBytes(StandardCharsets.UTF_8);

        NodeCommand read = topics.nodeCommands().valueSerde().deserializer().deserialize("t", bytes);

        assertThat(read).isEqualTo(new NodeCommand.HelloResult(1, "c", "u", NodeCommand.HelloOutcome.ACCEPTED, false));
    }

    @Test
    void aHelloFromAnOlderWriterHasNoWakeDataAndNoDeadline() {
        byte[] bytes = ("{\"type\":\"hello\",\"uaid\":\"u\",\"nodeId\":1,\"connectionId\":\"c\",\"channelCount\":0,"
                + "\"generated\":false,\"atMillis\":5}").getBytes(StandardCharsets.UTF_8);

        DeviceEvent read = topics.deviceEvents().valueSerde().deserializer().deserialize("t", bytes);

        assertThat(read).isEqualTo(new DeviceEvent.Hello("u", 1, "c", 0, false, 5L));
        assertThat(((DeviceEvent.Hello) read).abandonedBy(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aHelloIsAbandonedOnlyAfterItsDeadline() {
        DeviceEvent.Hello hello = new DeviceEvent.Hello("u", 1, "c", 0, false, 5L, null, 100L);

        assertThat(hello.abandonedBy(100L)).isFalse();
        assertThat(hello.abandonedBy(101L)).isTrue();
    }

    @Test
    void anUnreadableRecordRaisesASerializationException() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> topics.gatewayReplies().valueSerde().deserializer().deserialize("t", garbage))
                .isInstanceOf(SerializationException.class);
    }
}
