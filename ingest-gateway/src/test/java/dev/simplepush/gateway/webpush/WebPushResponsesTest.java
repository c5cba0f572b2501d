package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.token.EndpointAddress;
import dev.simplepush.schemas.token.MessageRef;
import dev.simplepush.schemas.token.Subscription;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The answers on the wire: 201 with Location and TTL (W4.4), JSON errors (W4.9). */
class WebPushResponsesTest {
    private static final String UAID = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
    private static final String CHID = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";

    private Undertow server;
    private URI base;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        AcceptedPost post = new AcceptedPost(Subscription.unrestricted(new EndpointAddress(UAID, CHID)), Optional.empty(),
                new WebPushMessage(300, Optional.empty(), Urgency.NORMAL, Optional.empty(), null, null, new byte[0]),
                MessageRef.unique(UAID, CHID, "abc"), "the-id", "https://push.example.com/m/the-id");
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            if (exchange.getRequestPath().equals("/created")) {
                WebPushResponses.created(exchange, post);
            } else {
                WebPushResponses.error(exchange, new WebPushRejection(WebPushError.TOPIC_INVALID, "Topic \"x y\" is bad"));
            }
        }).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        base = URI.create("http://127.0.0.1:" + port);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anAcceptedPostIsAnswered201WithLocationAndTtl() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/created"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).contains("https://push.example.com/m/the-id");
        assertThat(response.headers().firstValue("TTL")).contains("300");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aRejectionIsAnsweredWithItsStatusAndTheJsonErrorBody() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/error"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body())
                .isEqualTo("{\"code\":400,\"errno\":113,\"error\":\"Invalid Topic header value\",\"message\":\"Topic \\\"x y\\\" is bad\"}");
    }
}
