package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.gateway.webpush.Aes128gcmDecryptor;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.token.AppServerKeys;
import dev.simplepush.schemas.token.Base64Url;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The requests the npm {@code web-push} library made (src/test/webpush-fixtures), sent over HTTP to
 * the POST route of a restricted subscription bound to the library's VAPID key, with the clock at
 * the time they were made: W8 checklist item 24 from an independent implementation, end to end up
 * to the notification written, whose {@code data} still decrypts to what the library encrypted.
 */
class WebPushLibraryRouteTest {
    private static JsonNode fixture;
    private static Instant createdAt;

    private WebPushGateway gateway;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = WebPushLibraryRouteTest.class.getResourceAsStream("/webpush/web-push-requests.json")) {
            fixture = Json.MAPPER.readTree(in);
        }
        createdAt = Instant.ofEpochSecond(fixture.get("createdAt").asLong());
        assertThat(fixture.get("audience").asText()).isEqualTo(WebPushGateway.BASE);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private HttpResponse<String> send(JsonNode request) throws Exception {
        List<String> headers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> header : (Iterable<Map.Entry<String, JsonNode>>) request.get("headers")::fields) {
            // The HTTP client sets the length itself.
            if (!header.getKey().equalsIgnoreCase("Content-Length")) {
                headers.add(header.getKey());
                headers.add(header.getValue().asText());
            }
        }
        byte[] key = AppServerKeys.parse(fixture.get("vapidPublicKey").asText()).orElseThrow();
        return gateway.post(gateway.restrictedToken(key), body(request), headers.toArray(String[]::new));
    }

    private static byte[] body(JsonNode request) {
        return Base64Url.decode(request.get("body").asText()).orElseThrow();
    }

    @Test
    void everyRequestOfTheLibraryIs201AndItsBodyIsWrittenByteExact() throws Exception {
        gateway = new WebPushGateway(true, false, RateLimit.OFF, Clock.fixed(createdAt, ZoneOffset.UTC));

        for (JsonNode request : fixture.get("requests")) {
            String name = request.get("name").asText();
            HttpResponse<String> response = send(request);

            assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(201);
            PushMessage message = ((WebPushRequest.Post) gateway.written.get(gateway.written.size() - 1).webPush())
                    .message();
            byte[] body = body(request);
            if (body.length == 0) {
                assertThat(message.data()).as(name).isNull();
            } else {
                assertThat(Base64Url.decode(message.data()).orElseThrow()).as(name).isEqualTo(body);
                assertThat(message.headers().encoding()).as(name)
                        .isEqualTo(request.get("headers").get("Content-Encoding").asText());
            }
        }
        assertThat(gateway.written).hasSize(fixture.get("requests").size());
    }

    @Test
    void theWrittenAes128gcmDataDecryptsToWhatTheLibraryEncrypted() throws Exception {
        gateway = new WebPushGateway(true, false, RateLimit.OFF, Clock.fixed(createdAt, ZoneOffset.UTC));
        JsonNode receiver = fixture.get("receiver");
        Aes128gcmDecryptor device = new Aes128gcmDecryptor(Base64Url.decode(receiver.get("p256dh").asText()).orElseThrow(),
                Base64Url.decode(receiver.get("privateKey").asText()).orElseThrow(),
                Base64Url.decode(receiver.get("auth").asText()).orElseThrow());

        for (JsonNode request : fixture.get("requests")) {
            if (!"aes128gcm".equals(request.get("headers").path("Content-Encoding").asText())) {
                continue;
            }
            assertThat(send(request).statusCode()).isEqualTo(201);
            PushMessage message = ((WebPushRequest.Post) gateway.written.get(gateway.written.size() - 1).webPush())
                    .message();

            assertThat(device.decrypt(Base64Url.decode(message.data()).orElseThrow()))
                    .as(request.get("name").asText())
                    .isEqualTo(Base64Url.decode(request.get("plaintext").asText()).orElseThrow());
        }
    }

    @Test
    void theLibrarysJwtIsRefusedOnceItHasExpired() throws Exception {
        gateway = new WebPushGateway(true, false, RateLimit.OFF,
                Clock.fixed(createdAt.plusSeconds(13 * 3600), ZoneOffset.UTC));

        HttpResponse<String> response = send(fixture.get("requests").get(0));

        WebPushGateway.assertError(response, 401, 109);
        assertThat(gateway.written).isEmpty();
    }
}
