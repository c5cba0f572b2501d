package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.CHID;
import static dev.simplepush.node.connection.ConnectionHarness.NODE_ID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.config.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The per-socket budgets: a message rate, and acks bounded in size and to what was delivered. */
class MessageBudgetTest {
    private static final String PURGE = "{\"messageType\":\"purge\"}";

    private static double count(ConnectionHarness h, ClientError cause) {
        var counter = h.meters.find(MetricName.NODE_CLIENT_ERRORS.meterName())
                .tag(MetricName.NODE_CLIENT_ERRORS.tagKey(), cause.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private static ConnectionHarness limitedTo(double perSecond, int burst) {
        return new ConnectionHarness(ConnectionHarness.settings(Duration.ofSeconds(30), Duration.ZERO, 100)
                .withMessageRate(new RateLimit(perSecond, burst)));
    }

    @Nested
    class Rate {
        @Test
        void messagesWithinTheBurstAreAllAnswered() {
            ConnectionHarness h = limitedTo(1, 3);
            for (int i = 0; i < 3; i++) {
                h.receive(PURGE);
            }

            assertThat(h.socket.sent).containsExactly("{}", "{}", "{}");
            assertThat(h.socket.closed()).isFalse();
        }

        @Test
        void aMessageBeyondTheBurstClosesWith1008AndIsCounted() {
            ConnectionHarness h = limitedTo(1, 3);
            for (int i = 0; i < 4; i++) {
                h.receive(PURGE);
            }

            assertThat(h.socket.sent).hasSize(3);
            assertThat(h.socket.closeCode).isEqualTo(1008);
            assertThat(count(h, ClientError.MESSAGE_RATE)).isEqualTo(1);
        }

        @Test
        void theBucketRefillsAtTheRate() {
            ConnectionHarness h = limitedTo(2, 2);
            h.receive(PURGE);
            h.receive(PURGE);
            h.time.advance(Duration.ofMillis(500));

            h.receive(PURGE);

            assertThat(h.socket.closed()).isFalse();
            h.receive(PURGE);
            assertThat(h.socket.closeCode).isEqualTo(1008);
        }

        @Test
        void aLargeMessageTakesATokenPerSixteenKibibytesBesidesItsOwn() {
            ConnectionHarness h = limitedTo(1, 3);
            String large = "{\"messageType\":\"purge\",\"pad\":\"" + "p".repeat(2 * 16 * 1024) + "\"}";

            h.receive(large);
            assertThat(h.socket.sent).as("three tokens, all there were").containsExactly("{}");
            h.receive(PURGE);

            assertThat(h.socket.closeCode).isEqualTo(1008);
        }

        @Test
        void theDefaultHarnessHasNoRateLimit() {
            ConnectionHarness h = new ConnectionHarness(
                    ConnectionHarness.settings(Duration.ofSeconds(30), Duration.ZERO, 100));
            for (int i = 0; i < 2_000; i++) {
                h.receive(PURGE);
            }

            assertThat(h.socket.closed()).isFalse();
        }
    }

    @Nested
    class Acks {
        private final ConnectionHarness h = new ConnectionHarness();

        private String ack(int entries, String chid) {
            StringJoiner updates = new StringJoiner(",", "[", "]");
            for (int i = 0; i < entries; i++) {
                updates.add("{\"channelID\":\"" + chid + "\",\"version\":" + i + "}");
            }
            return "{\"messageType\":\"ack\",\"updates\":" + updates + "}";
        }

        @Test
        void anAckWithMoreEntriesThanAllowedGetsEcho401AndAClose() {
            h.identified().delivered(CHID);
            int events = h.outbound.events.size();

            h.receive(ack(501, CHID));

            assertThat(h.socket.last()).contains("\"status\":401").contains("\"error\":\"Invalid Command\"");
            assertThat(h.socket.closeCode).isEqualTo(1000);
            assertThat(h.outbound.eventsOf(DeviceEvent.Ack.class)).isEmpty();
            assertThat(h.outbound.events.size()).as("only the disconnect").isEqualTo(events + 1);
            assertThat(count(h, ClientError.ACK_SIZE)).isEqualTo(1);
        }

        @Test
        void anAckAtTheLimitIsSentAsOneEntryPerChannelWithTheHighestVersion() {
            h.identified().delivered(CHID);

            h.receive(ack(500, CHID));

            assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Ack(UAID, NODE_ID, h.connection.id(),
                    List.of(Update.of(CHID, 499)), h.time.millis()));
            assertThat(h.socket.closed()).isFalse();
        }

        @Test
        void entriesForChannelsNeverDeliveredOnThisConnectionAreDroppedAtTheEdge() {
            h.identified().delivered(CHID);
            String other = "0f0e0d0c0b0a09080706050403020100";

            h.receive("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + other + "\",\"version\":7},"
                    + "{\"channelID\":\"" + CHID + "\",\"version\":1}]}");

            assertThat(h.outbound.lastEvent()).isEqualTo(new DeviceEvent.Ack(UAID, NODE_ID, h.connection.id(),
                    List.of(Update.of(CHID, 1)), h.time.millis()));
        }

        @Test
        void anAckOfNothingDeliveredWritesNothingAndKeepsTheSocket() {
            h.identified();
            int events = h.outbound.events.size();

            h.receive(ack(3, CHID));

            assertThat(h.outbound.events).hasSize(events);
            assertThat(h.socket.closed()).isFalse();
        }
    }
}
