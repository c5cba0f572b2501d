package dev.simplepush.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Update;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMessageTest {

    @Test
    void aHelloReplyHasTypeUaidAndStatusOnly() {
        assertThat(new ServerMessage.HelloReply("abc").toJson())
                .isEqualTo("{\"messageType\":\"hello\",\"uaid\":\"abc\",\"status\":200}")
                .doesNotContain("use_webpush");
    }

    @Test
    void aHelloRedirectIsTheSpecsExactShape() {
        assertThat(new ServerMessage.HelloRedirect("abc", "ws://h:1/").toJson()).isEqualTo(
                "{\"messageType\":\"hello\",\"uaid\":\"abc\",\"status\":307,\"redirect\":\"ws://h:1/\"}");
    }

    @Test
    void aRegisterReplyCarriesTheEndpoint() {
        assertThat(new ServerMessage.RegisterReply("u", "C", "https://h/update/t").toJson()).isEqualTo(
                "{\"messageType\":\"register\",\"uaid\":\"u\",\"status\":200,\"channelID\":\"C\","
                        + "\"pushEndpoint\":\"https://h/update/t\"}");
    }

    @Test
    void anUnregisterReplyIs200WithTheChannel() {
        assertThat(new ServerMessage.UnregisterReply("c").toJson())
                .isEqualTo("{\"messageType\":\"unregister\",\"status\":200,\"channelID\":\"c\"}");
    }

    @Test
    void aNotificationHasIntegerVersionsAndDataOnlyWhenPresent() {
        String json = new ServerMessage.Notification(List.of(Update.of("a", 5),
                new Update("b", 9_007_199_254_740_993L, "hi"), new Update("c", 0, ""))).toJson();
        assertThat(json).isEqualTo("{\"messageType\":\"notification\",\"updates\":["
                + "{\"channelID\":\"a\",\"version\":5},"
                + "{\"channelID\":\"b\",\"version\":9007199254740993,\"data\":\"hi\"},"
                + "{\"channelID\":\"c\",\"version\":0}]}");
    }

    @Test
    void aLongPongIsATypedPingWithStatus200() {
        assertThat(new ServerMessage.LongPong().toJson()).isEqualTo("{\"messageType\":\"ping\",\"status\":200}");
    }

    @Test
    void aPongIsAnEmptyObject() {
        assertThat(new ServerMessage.Pong().toJson()).isEqualTo("{}");
    }
}
