package dev.simplepush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the JDK's own HTTP server, which echoes what it received. */
class AppServerClientTest {
    private HttpServer server;
    private String base;
    private final AppServerClient client = new AppServerClient();

    @BeforeEach
    void startEchoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] reply = (exchange.getRequestMethod() + "|" + contentType + "|" + body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aPutSendsAFormBodyAndReturnsStatusBodyAndContentType() {
        AppServerClient.Response response = client.put(base + "/update/token", "version=5");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("PUT|application/x-www-form-urlencoded|version=5");
        assertThat(response.contentType()).contains("application/json");
    }

    @Test
    void aPutWithoutAContentTypeSendsNone() {
        AppServerClient.Response response = client.put(base + "/update/token", "version=5", null);

        assertThat(response.body()).isEqualTo("PUT|null|version=5");
    }

    @Test
    void formFieldsAreUrlEncodedInOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("version", "7");
        fields.put("data", "a b&c");

        assertThat(client.putForm(base + "/update/token", fields).body())
                .isEqualTo("PUT|application/x-www-form-urlencoded|version=7&data=a+b%26c");
    }

    @Test
    void anyMethodCanBeSent() {
        assertThat(client.send("OPTIONS", base + "/update/token", null, Map.of()).body()).startsWith("OPTIONS|");
    }
}
