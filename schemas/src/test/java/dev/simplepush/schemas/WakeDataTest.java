package dev.simplepush.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §11.2: only small, well-formed wake data exists, and reading any other shape gives none. */
class WakeDataTest {
    private final JsonSerde<WakeData> serde = JsonSerde.of(WakeData.class);

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "255.255.255.255", "0.0.0.0", "::1", "::", "2001:db8::8a2e:370:7334",
            "fe80:0:0:0:200:f8ff:fe21:67cf", "::ffff:192.0.2.128", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
            "1::", "1:2:3:4:5:6:7::"})
    void ipLiteralsAreAccepted(String ip) {
        assertThat(WakeData.of(ip, 2442, "214", "07", null)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "cafe", "10.0.0", "10.0.0.1.2", "256.0.0.1", "10.0.0.01a",
            "1.2.3.4 ", " ::1", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "fe80::1%eth0",
            "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "0000000000000000000000000000000000000000000001"})
    void anythingElseIsNotAnIp(String ip) {
        assertThat(WakeData.of(ip, 2442, "214", "07", null)).isNull();
    }

    @Test
    void theOtherFieldsHaveTheirShapes() {
        assertThat(WakeData.of("10.0.0.1", 0, "214", "07", null)).isNull();
        assertThat(WakeData.of("10.0.0.1", 65536, "214", "07", null)).isNull();
        assertThat(WakeData.of("10.0.0.1", 65535, "214", "07", null)).isNotNull();
        assertThat(WakeData.of("10.0.0.1", 1, "1", "07", null)).as("mcc of one digit").isNull();
        assertThat(WakeData.of("10.0.0.1", 1, "2144", "07", null)).as("mcc of four digits").isNull();
        assertThat(WakeData.of("10.0.0.1", 1, "21a", "07", null)).as("mcc not digits").isNull();
        assertThat(WakeData.of("10.0.0.1", 1, "214", "٠٧", null)).as("mnc of non-ASCII digits").isNull();
        assertThat(WakeData.of("10.0.0.1", 1, "214", "07", "n".repeat(64))).isNotNull();
        assertThat(WakeData.of("10.0.0.1", 1, "214", "07", "n".repeat(65))).as("netid over 64").isNull();
    }

    @Test
    void theConstructorRefusesWhatOfWouldIgnoreWithoutQuotingAllOfIt() {
        assertThatThrownBy(() -> new WakeData("x".repeat(1_000_000), 1, "214", "07", null))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void aStoredValueOfAnotherShapeReadsAsNone() {
        String huge = "{\"ip\":\"" + "1".repeat(1_000_000) + "\",\"port\":2442,\"mcc\":\"214\",\"mnc\":\"07\"}";

        assertThat(serde.deserialize("t", huge.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(serde.deserialize("t", "{\"ip\":\"10.0.0.1\",\"port\":2442,\"mcc\":\"1\",\"mnc\":\"07\"}"
                .getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void aHelloCarryingMalformedWakeDataStillReadsWithNone() {
        var events = Topics.DEFAULT.deviceEvents().valueSerde();
        String hello = "{\"type\":\"hello\",\"uaid\":\"u\",\"nodeId\":1,\"connectionId\":\"c\",\"channelCount\":0,"
                + "\"generated\":true,\"atMillis\":5,\"wake\":{\"ip\":\"" + "a".repeat(100_000)
                + "\",\"port\":1,\"mcc\":\"214\",\"mnc\":\"07\"}}";

        DeviceEvent read = events.deserializer().deserialize("t", hello.getBytes(StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(new DeviceEvent.Hello("u", 1, "c", 0, true, 5L, null));
    }

    @Test
    void theLargestWakeDataFitsItsDocumentedBound() {
        String netid = "\u0001".repeat(WakeData.MAX_NETID_LENGTH);
        WakeData largest = new WakeData("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 65535, "999", "999", netid);

        byte[] json = serde.serialize("t", largest);

        assertThat(largest.ip()).hasSize(WakeData.MAX_IP_LENGTH);
        assertThat(json.length).isLessThanOrEqualTo(WakeData.MAX_JSON_BYTES);
        assertThat(serde.deserialize("t", json)).isEqualTo(largest);
    }
}
