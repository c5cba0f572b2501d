package dev.simplepush.node.connection;

import static dev.simplepush.node.connection.ConnectionHarness.CHID;
import static dev.simplepush.node.connection.ConnectionHarness.UAID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.MetricName;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PushMessage;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

/** What a data-mode connection counts (webpush.md W7.2). */
class WebPushMetricsTest {
    private final ConnectionHarness h = new ConnectionHarness();

    private double count(MetricName metric, String tagValue) {
        var search = h.meters.find(metric.meterName());
        Counter counter = (tagValue == null ? search : search.tag(metric.tagKey(), tagValue)).counter();
        return counter == null ? 0 : counter.count();
    }

    private double connections() {
        return h.meters.get(MetricName.NODE_WEBPUSH_CONNECTIONS.meterName()).gauge().value();
    }

    @Test
    void aDataModeHelloIsCountedAndTheConnectionIsGaugedUntilItCloses() {
        h.identifiedInDataMode();

        assertThat(count(MetricName.NODE_WEBPUSH_HELLOS, null)).isEqualTo(1);
        assertThat(count(MetricName.NODE_HELLOS, "accepted")).isEqualTo(1);
        assertThat(connections()).isEqualTo(1);

        h.connection.transportClosed();
        assertThat(connections()).isZero();
    }

    @Test
    void aSimplePushHelloIsNeitherCountedNorGaugedAsDataMode() {
        h.identified();

        assertThat(count(MetricName.NODE_WEBPUSH_HELLOS, null)).isZero();
        assertThat(connections()).isZero();
    }

    @Test
    void aReHelloInSimplePushModeLeavesTheGauge() {
        h.identifiedInDataMode();
        h.receive("{\"messageType\":\"hello\",\"uaid\":\"" + UAID + "\",\"channelIDs\":[]}");
        h.answerHello(NodeCommand.HelloOutcome.ACCEPTED);

        assertThat(connections()).isZero();
    }

    @Test
    void writtenMessagesAcksByCodeAndNacksByCodeAreCounted() {
        h.identifiedInDataMode();
        PushMessage first = h.pushMessage(CHID, "k1", "AAAA");
        PushMessage second = h.pushMessage(CHID, "k2", null);
        h.command(h.pushDelivery(null, first, second));
        h.receive("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + CHID + "\",\"version\":\""
                + first.messageId() + "\",\"code\":101},{\"channelID\":\"" + CHID + "\",\"version\":\""
                + second.messageId() + "\",\"code\":7}]}");
        h.receive("{\"messageType\":\"nack\",\"version\":\"" + first.messageId() + "\",\"code\":303}");
        h.receive("{\"messageType\":\"nack\",\"code\":400}");

        assertThat(count(MetricName.NODE_WEBPUSH_MESSAGES, null)).isEqualTo(2);
        assertThat(count(MetricName.NODE_DELIVERIES, "delivered")).isEqualTo(1);
        assertThat(count(MetricName.NODE_WEBPUSH_ACKS, "101")).isEqualTo(1);
        assertThat(count(MetricName.NODE_WEBPUSH_ACKS, "other")).isEqualTo(1);
        assertThat(count(MetricName.NODE_WEBPUSH_ACKS, "100")).isZero();
        assertThat(count(MetricName.NODE_ACKS, null)).isEqualTo(1);
        assertThat(count(MetricName.NODE_WEBPUSH_NACKS, "303")).isEqualTo(1);
        assertThat(count(MetricName.NODE_WEBPUSH_NACKS, "other")).isEqualTo(1);
    }

    @Test
    void invalidKeysAndUnknownTypesInDataModeAreCounted() {
        h.identifiedInDataMode();
        h.receive("{\"messageType\":\"register\",\"channelID\":\"" + CHID + "\",\"key\":\"nope\"}");
        h.receive("{\"messageType\":\"frobnicate\"}");

        assertThat(count(MetricName.NODE_WEBPUSH_INVALID_KEYS, null)).isEqualTo(1);
        assertThat(count(MetricName.NODE_WEBPUSH_UNKNOWN_TYPES, null)).isEqualTo(1);
    }
}
