package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.token.Base64Url;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The POST route on one raw connection: a body that arrives in parts is read whole, and whatever
 * the answer (early refusal, or 201 after the write), the connection serves the next request.
 */
class WebPushConnectionTest {
    private final WebPushGateway gateway = new WebPushGateway();

    @AfterEach
    void stop() {
        gateway.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static String postHead(String token, int length, String... headers) {
        StringBuilder head = new StringBuilder("POST /update/" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: " + length + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    @Test
    void aBodyThatArrivesInPartsIsReadWhole() throws Exception {
        byte[] body = WebPushGateway.aes128gcmBody(300);
        try (Socket socket = connect()) {
            write(socket, postHead(gateway.token(), body.length, "TTL: 60", "Content-Encoding: aes128gcm")
                    .getBytes(StandardCharsets.ISO_8859_1));
            write(socket, Arrays.copyOf(body, 100));
            // A slow sender: the route may already be waiting for the rest, or not; either way the
            // answer is the same.
            Thread.sleep(100);
            write(socket, Arrays.copyOfRange(body, 100, body.length));

            assertThat(RawHttp.read(socket.getInputStream(), null).status()).isEqualTo(201);
        }
        WebPushRequest.Post post = (WebPushRequest.Post) gateway.written.get(0).webPush();
        assertThat(Base64Url.decode(post.message().data()).orElseThrow()).isEqualTo(body);
    }

    @Test
    void aPostRefusedBeforeItsBodyIsReadLeavesTheConnectionUsable() throws Exception {
        gateway.reply = PutOutcome.DELIVERED;
        try (Socket socket = connect()) {
            write(socket, (postHead("forged", 100, "TTL: 60") + "x".repeat(100)).getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.read(socket.getInputStream(), null).status()).isEqualTo(404);

            write(socket, (RawHttp.put("/update/" + gateway.token(), "Content-Length: 9") + "\r\nversion=5")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.read(socket.getInputStream(), null).status()).isEqualTo(200);
        }
        assertThat(gateway.written).singleElement().satisfies(n -> assertThat(n.version()).isEqualTo(5));
    }

    @Test
    void aConnectionCarriesOnePostAfterAnother() throws Exception {
        try (Socket socket = connect()) {
            for (int i = 0; i < 3; i++) {
                write(socket, postHead(gateway.token(), 0, "TTL: 60").getBytes(StandardCharsets.ISO_8859_1));
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream(), null);
                assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
                assertThat(answer.header("Location")).isPresent();
            }
        }
        assertThat(gateway.written).hasSize(3);
    }

    @Test
    void aSenderExpectingContinueGetsItOnlyOnceAllowedToSend() throws Exception {
        byte[] body = WebPushGateway.aes128gcmBody(200);
        try (Socket socket = connect()) {
            write(socket, postHead(gateway.token(), body.length, "TTL: 60", "Content-Encoding: aes128gcm",
                    "Expect: 100-continue").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.read(socket.getInputStream(), null).status()).isEqualTo(100);
            write(socket, body);
            assertThat(RawHttp.read(socket.getInputStream(), null).status()).isEqualTo(201);
        }
        try (Socket socket = connect()) {
            write(socket, postHead(gateway.restrictedToken(new dev.simplepush.gateway.webpush.TestVapidKey().publicKey()),
                    body.length, "TTL: 60", "Expect: 100-continue").getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Answer refused = RawHttp.read(socket.getInputStream(), null);
            assertThat(refused.status()).as("no 100 for a sender without VAPID").isEqualTo(401);
            // The body never comes, so it cannot be read and thrown away: the connection closes
            // rather than take the next request for the body.
            assertThat(refused.header("Connection")).hasValueSatisfying(v -> assertThat(v).isEqualToIgnoringCase("close"));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
