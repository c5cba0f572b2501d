package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Store values written before waking existed still read; the new ones round-trip. */
class RegistrationJsonTest {
    private final JsonSerde<Registration> serde = JsonSerde.of(Registration.class);

    @Test
    void aRegistrationWrittenBeforeWakeTimesExistedReadsAsNeverWoken() {
        byte[] old = "{\"channelIds\":[\"a\"],\"lastSeenMillis\":5,\"wake\":{\"ip\":\"10.0.0.1\",\"port\":2442,\"mcc\":\"214\",\"mnc\":\"07\"}}"
                .getBytes(StandardCharsets.UTF_8);

        Registration read = serde.deserializer().deserialize("registrations", old);

        assertThat(read).isEqualTo(new Registration(Set.of("a"), 5, new WakeData("10.0.0.1", 2442, "214", "07", null)));
        assertThat(read.lastWakeMillis()).isZero();
    }

    @Test
    void aRegistrationWithItsLastWakeTimeRoundTrips() {
        Registration registration = new Registration(Set.of("a"), 5, null).wakeRequestedAt(77);

        byte[] bytes = serde.serializer().serialize("registrations", registration);

        assertThat(serde.deserializer().deserialize("registrations", bytes)).isEqualTo(registration);
    }

    @Test
    void aWakeRequestRoundTrips() {
        JsonSerde<WakeRequest> requests = JsonSerde.of(WakeRequest.class);
        WakeRequest request = new WakeRequest("0123456789abcdef0123456789abcdef",
                new WakeData("10.0.0.1", 2442, "214", "07", "n"), 9, 2, WakeRequest.Reason.DISCONNECTED, 3);

        assertThat(requests.deserializer().deserialize("wake-requests", requests.serializer().serialize("wake-requests",
                request))).isEqualTo(request);
    }
}
