package dev.simplepush.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker port of the previous run on a data directory, for a broker asked for "any port".
 * After a crash, the broker's transaction coordinator must abort the transactions the dead run
 * left open, and it sends the abort markers to the address the broker was registered under
 * before; on another port they never arrive, the transactions stay half-aborted, and a
 * transactional producer of the same id (streams-state) waits in {@code initTransactions}
 * indefinitely. Taking the same port again makes the old address the right one.
 */
final class RememberedPort {
    private static final Logger LOG = LoggerFactory.getLogger(RememberedPort.class);
    static final String FILE_NAME = "broker.port";

    private RememberedPort() {
    }

    /** {@code requested} if not 0; else the remembered port if it can be bound now; else 0 (any). */
    static int choose(Path dataDir, String host, int requested) {
        if (requested != 0) {
            return requested;
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return 0;
        }
        int remembered;
        try {
            remembered = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, remembered));
            return remembered;
        } catch (IOException e) {
            LOG.warn("the previous broker port {} is taken; using another: transactions a crashed run left open"
                    + " may hold up transactional clients until they time out", remembered);
            return 0;
        }
    }

    static void remember(Path dataDir, int port) {
        try {
            Files.writeString(dataDir.resolve(FILE_NAME), Integer.toString(port), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("cannot remember the broker port in {}: {}", dataDir, e.getMessage());
        }
    }
}
