package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.config.ConfigSource;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code gateway.max.connections} counts sockets from accept and refuses the next with 503. */
class ConnectionCapTest {

    @Test
    void aConnectionOverTheCapGets503AndOnceOneClosesANewOneIsServed() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try (TestGateway gateway = new TestGateway(HttpLimits.from(ConfigSource.of(Map.of(
                HttpLimits.MAX_CONNECTIONS, "3", HttpLimits.HEAD_TIMEOUT, "30s"))))) {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
                idle.add(socket);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openConnections() == 3);

            RawHttp.Answer refused = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: 9"),
                    RawHttp.Body.bytes("version=1".getBytes()));

            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("\"Too Many Connections\"");
            assertThat(refused.header("Retry-After")).hasValue("1");
            assertThat(gateway.clientErrors(ClientErrors.Cause.CAPACITY)).isEqualTo(1);
            assertThat(gateway.written).isEmpty();

            idle.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openConnections() == 2);
            RawHttp.Answer served = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: 9"),
                    RawHttp.Body.bytes("version=2".getBytes()));
            assertThat(served.status()).as(served.toString()).isEqualTo(200);
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void theDefaultCapIsAQuarterOfTheFileLimitLeftAfterTheReserve() {
        assertThat(HttpLimits.defaultMaxConnections(1024)).isEqualTo(128);
        assertThat(HttpLimits.defaultMaxConnections(20_000)).isEqualTo(4_872);
        assertThat(HttpLimits.defaultMaxConnections(256)).isEqualTo(16);
        assertThat(HttpLimits.defaultMaxConnections(1L << 30)).isEqualTo(10_000);
        assertThat(HttpLimits.defaultMaxConnections(-1)).isEqualTo(HttpLimits.UNKNOWN_LIMIT_CONNECTIONS);
    }
}
