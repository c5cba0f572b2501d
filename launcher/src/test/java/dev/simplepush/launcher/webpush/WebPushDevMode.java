package dev.simplepush.launcher.webpush;

import dev.simplepush.launcher.DevMode;
import dev.simplepush.schemas.config.ConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/** Dev mode (embedded broker and all three services, in this JVM) on free ports, for the Web Push ITs. */
final class WebPushDevMode {
    private WebPushDevMode() {
    }

    /**
     * With the gateway's port fixed, dev mode gives the gateway the endpoint base the node hands
     * out, whose origin is the only VAPID {@code aud} it accepts; with port 0 it cannot (the port
     * is known only after binding), so the port is chosen here.
     */
    static DevMode start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** {@link #start(Path)} with {@code settings} (keys of docs/configuration.md) on top of dev mode's. */
    static DevMode start(Path dataDir, Map<String, String> settings) {
        return DevMode.start(new DevMode.Options(dataDir, "127.0.0.1", 0, freePort(), 0, -1), ConfigSource.of(settings));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
