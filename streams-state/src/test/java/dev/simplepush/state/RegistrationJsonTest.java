package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Store values written by older versions still read; the current ones round-trip. */
class RegistrationJsonTest {
    private final JsonSerde<Registration> serde = JsonSerde.of(Registration.class);
    private final JsonSerde<PendingValue> pending = JsonSerde.of(PendingValue.class);

    @Test
    void aWholeUaidRegistrationWrittenBeforeChannelRowsReadsWithItsChannelIds() {
        byte[] old = ("{\"channelIds\":[\"a\"],\"lastSeenMillis\":5,\"wake\":{\"ip\":\"10.0.0.1\",\"port\":2442,"
                + "\"mcc\":\"214\",\"mnc\":\"07\"}}").getBytes(StandardCharsets.UTF_8);

        Registration read = serde.deserializer().deserialize("registrations", old);

        assertThat(read.isLegacy()).isTrue();
        assertThat(read.legacyChannelIds()).containsExactly("a");
        assertThat(read.wake()).isEqualTo(new WakeData("10.0.0.1", 2442, "214", "07", null));
        assertThat(read.lastWakeMillis()).isZero();
        assertThat(read.withoutLegacyChannels()).isEqualTo(new Registration(5, read.wake(), 0, 1));
    }

    @Test
    void anOlderRegistrationWithWakeDataOfAnotherShapeReadsWithoutIt() {
        byte[] old = ("{\"channelIds\":[],\"lastSeenMillis\":5,\"wake\":{\"ip\":\"" + "9".repeat(500_000)
                + "\",\"port\":2442,\"mcc\":\"214\",\"mnc\":\"07\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(serde.deserializer().deserialize("registrations", old).wake()).isNull();
    }

    @Test
    void aDeviceRowRoundTripsWithoutAnyChannelIds() {
        Registration registration = new Registration(5, new WakeData("10.0.0.1", 2442, "214", "07", "n"), 77, 3);

        byte[] bytes = serde.serializer().serialize("registrations", registration);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("channelIds");
        assertThat(serde.deserializer().deserialize("registrations", bytes)).isEqualTo(registration);
    }

    @Test
    void aPendingMapOfAnOlderVersionAndAPendingRowAreToldApartByTheirFields() {
        byte[] old = "{\"versions\":{\"a\":3,\"b\":4},\"storedAt\":{\"a\":10}}".getBytes(StandardCharsets.UTF_8);
        PendingVersion row = new PendingVersion(7, 11);

        assertThat(pending.deserializer().deserialize("pending", old))
                .isEqualTo(new PendingUpdates(Map.of("a", 3L, "b", 4L), Map.of("a", 10L)));
        assertThat(pending.deserializer().deserialize("pending", pending.serializer().serialize("pending", row)))
                .isEqualTo(row);
    }

    @Test
    void aWakeRequestRoundTrips() {
        JsonSerde<WakeRequest> requests = JsonSerde.of(WakeRequest.class);
        WakeRequest request = new WakeRequest("0123456789abcdef0123456789abcdef",
                new WakeData("10.0.0.1", 2442, "214", "07", "n"), 9, 2, WakeRequest.Reason.DISCONNECTED, 3);

        assertThat(requests.deserializer().deserialize("wake-requests", requests.serializer().serialize("wake-requests",
                request))).isEqualTo(request);
    }

    @Test
    void aSimplePushDeviceRowCarriesNoWebPushFieldsAndADataModeOneRoundTrips() {
        Registration simplePush = new Registration(5, null, 0, 1);
        Registration dataMode = simplePush.inMode(true).withQueue(new PushQueue(9, 2, 80, 7, 1));

        assertThat(new String(serde.serializer().serialize("registrations", simplePush), StandardCharsets.UTF_8))
                .doesNotContain("webPush").doesNotContain("push");
        assertThat(serde.deserializer().deserialize("registrations",
                serde.serializer().serialize("registrations", dataMode))).isEqualTo(dataMode);
        assertThat(serde.deserializer().deserialize("registrations",
                "{\"lastSeenMillis\":5,\"channelCount\":1}".getBytes(StandardCharsets.UTF_8)))
                .as("a row written before Web Push").isEqualTo(simplePush);
    }

    @Test
    void setsAreNotNeededToBuildADeviceRow() {
        assertThat(new Registration(1, null, 0, 0, Set.of("x")).withoutLegacyChannels().legacyChannelIds()).isNull();
    }
}
