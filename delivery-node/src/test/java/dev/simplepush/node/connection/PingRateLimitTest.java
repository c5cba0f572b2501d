package dev.simplepush.node.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PingRateLimitTest {
    private final ConnectionHarness h = new ConnectionHarness(
            ConnectionHarness.settings(Duration.ZERO, Duration.ofSeconds(20), 100));

    @Test
    void theFirstPingIsAlwaysAnswered() {
        h.receive("{}");

        assertThat(h.socket.sent).containsExactly("{}");
    }

    @Test
    void aSecondPingWithinTheIntervalIs401AndCloses() {
        h.receive("{}");
        h.time.advance(Duration.ofSeconds(19));
        h.receive("{}");

        assertThat(h.socket.sent).containsExactly("{}", "{\"status\":401,\"error\":\"Invalid Command\"}");
        assertThat(h.socket.closeCode).isEqualTo(1000);
    }

    @Test
    void aTooEarlyObjectPingIsEchoedWithItsFields() {
        h.receive("{\"messageType\":\"ping\"}");
        h.receive("{\"messageType\":\"PING\",\"n\":2}");

        assertThat(h.socket.last())
                .isEqualTo("{\"messageType\":\"PING\",\"n\":2,\"status\":401,\"error\":\"Invalid Command\"}");
    }

    @Test
    void aPingAfterTheIntervalIsAnswered() {
        h.receive("");
        h.time.advance(Duration.ofSeconds(20));
        h.receive(" { } ");
        h.time.advance(Duration.ofSeconds(20));
        h.receive("{\"messageType\":\"ping\"}");

        assertThat(h.socket.sent).containsExactly("{}", "{}", "{}");
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void theIntervalCountsFromTheLastAnsweredPing() {
        h.receive("{}");
        h.time.advance(Duration.ofSeconds(15));
        h.receive("{\"messageType\":\"purge\"}");
        h.time.advance(Duration.ofSeconds(5));
        h.receive("{}");

        assertThat(h.socket.sent).containsExactly("{}", "{}", "{}");
    }

    @Test
    void purgesAreNotRateLimited() {
        h.receive("{\"messageType\":\"purge\"}");
        h.receive("{\"messageType\":\"purge\"}");

        assertThat(h.socket.sent).containsExactly("{}", "{}");
        assertThat(h.socket.closed()).isFalse();
    }

    @Test
    void pingsAreLimitedAfterHelloToo() {
        h.identified();
        h.receive("{}");
        h.receive("{}");

        assertThat(h.socket.closeCode).isEqualTo(1000);
    }

    @Test
    void aZeroIntervalTurnsTheLimitOff() {
        ConnectionHarness unlimited = new ConnectionHarness(
                ConnectionHarness.settings(Duration.ZERO, Duration.ZERO, 100));
        for (int i = 0; i < 5; i++) {
            unlimited.receive("{}");
        }

        assertThat(unlimited.socket.sent).hasSize(5).containsOnly("{}");
        assertThat(unlimited.socket.closed()).isFalse();
    }

    @Test
    void withLongPongsEveryPingFormGetsATypedReplyButAPurgeStillGetsAnEmptyObject() {
        ConnectionSettings defaults = ConnectionHarness.settings(Duration.ZERO, Duration.ZERO, 100);
        ConnectionHarness longPongs = new ConnectionHarness(new ConnectionSettings(defaults.nodeId(),
                defaults.endpointBase(), defaults.maxQueuedMessages(), defaults.maxQueuedChars(),
                defaults.helloTimeout(), defaults.minPingInterval(), defaults.requestTimeout(), true));

        longPongs.receive("{}");
        longPongs.receive("");
        longPongs.receive("{\"messageType\":\"PING\"}");
        longPongs.receive("{\"messageType\":\"purge\"}");

        String longPong = "{\"messageType\":\"ping\",\"status\":200}";
        assertThat(longPongs.socket.sent).containsExactly(longPong, longPong, longPong, "{}");
    }
}
