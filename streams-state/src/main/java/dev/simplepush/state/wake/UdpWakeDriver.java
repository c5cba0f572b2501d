package dev.simplepush.state.wake;

import dev.simplepush.schemas.WakeRequest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * {@code wake.driver=udp}: sends one datagram straight to the {@code ip:port} the device gave in
 * {@code wakeup_hostport}, for private networks where this server can reach the device directly.
 * Gecko ignores the content (spec §11.4); it is the newest pending version as decimal text, which
 * helps when watching the wire. UDP has no answer: a datagram that left is counted as woken.
 */
public final class UdpWakeDriver implements WakeDriver {
    private final DatagramSocket socket;

    public UdpWakeDriver() {
        try {
            this.socket = new DatagramSocket();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot open a UDP socket for wake-ups: " + e.getMessage(), e);
        }
    }

    @Override
    public WakeResult wake(WakeRequest request) throws IOException {
        byte[] payload = Long.toString(request.version()).getBytes(StandardCharsets.US_ASCII);
        // The device sends an address literal; getByName does no lookup for one.
        InetAddress address = InetAddress.getByName(request.wake().ip());
        socket.send(new DatagramPacket(payload, payload.length, address, request.wake().port()));
        return WakeResult.WOKEN;
    }

    @Override
    public void close() {
        socket.close();
    }
}
