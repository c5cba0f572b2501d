package dev.simplepush.state.wake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code udp} driver against a real datagram socket standing in for the device. */
class UdpWakeDriverTest {

    @Test
    void oneDatagramCarryingTheVersionReachesTheDevicesAddress() throws Exception {
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                UdpWakeDriver driver = new UdpWakeDriver()) {
            device.setSoTimeout(10_000);
            WakeData wake = new WakeData("127.0.0.1", device.getLocalPort(), "001", "01", null);

            WakeResult result = driver.wake(new WakeRequest("0123456789abcdef0123456789abcdef", wake, 42, 2,
                    WakeRequest.Reason.STORED, 1L));

            DatagramPacket packet = new DatagramPacket(new byte[64], 64);
            device.receive(packet);
            assertThat(result).isEqualTo(WakeResult.WOKEN);
            assertThat(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII)).isEqualTo("42");
        }
    }
}
