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
     * Dev mode hands the node its endpoint base ({@code node.endpoint.base}) but leaves the
     * gateway's ({@code gateway.endpoint.base}, whose origin is the only VAPID {@code aud} it
     * accepts) at its default: a library's JWT, with the aud of the endpoint it POSTs to, would be
     * refused (401 errno 109). So the gateway's port is chosen here and both are set alike.
     */
    static DevMode start(Path dataDir) {
        int httpPort = freePort();
        String endpointBase = "http://127.0.0.1:" + httpPort;
        return DevMode.start(new DevMode.Options(dataDir, "127.0.0.1", 0, httpPort, 0, -1),
                ConfigSource.of(Map.of("gateway.endpoint.base", endpointBase, "node.endpoint.base", endpointBase)));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
