package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.token.MessageRef;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CORS for the Web Push routes (spec W4.1), and {@code webpush.enabled=false}. */
class WebPushCorsAndSwitchTest {

    @Test
    void withCorsThePreflightsAllowPostDeleteAndTheWebPushRequestHeaders() throws Exception {
        try (WebPushGateway gateway = new WebPushGateway(true, true, RateLimit.OFF)) {
            String messageId = gateway.messageIds.encode(MessageRef.topic(WebPushGateway.UAID, WebPushGateway.CHID, "t"));
            HttpResponse<String> update = gateway.send("OPTIONS", "/update/" + gateway.token(), BodyPublishers.noBody());
            HttpResponse<String> message = gateway.send("OPTIONS", "/m/" + messageId, BodyPublishers.noBody());

            assertThat(update.statusCode()).isEqualTo(200);
            assertThat(update.headers().firstValue("Access-Control-Allow-Methods")).hasValue("PUT, POST, OPTIONS");
            assertThat(message.statusCode()).isEqualTo(200);
            assertThat(message.headers().firstValue("Access-Control-Allow-Methods")).hasValue("DELETE, OPTIONS");
            for (HttpResponse<String> response : List.of(update, message)) {
                assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
                assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().split(", "))
                        .contains("TTL", "Topic", "Urgency", "Content-Encoding", "Encryption", "Crypto-Key",
                                "Authorization");
                assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValue("Location, TTL");
            }
        }
    }

    @Test
    void withCorsAPostsAnswersExposeLocationAndTtlToThePage() throws Exception {
        try (WebPushGateway gateway = new WebPushGateway(true, true, RateLimit.OFF)) {
            HttpResponse<String> created = gateway.post(gateway.token(), new byte[0], "TTL", "60");
            HttpResponse<String> refused = gateway.post(gateway.token(), new byte[0]);

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(refused.statusCode()).isEqualTo(400);
            for (HttpResponse<String> response : List.of(created, refused)) {
                assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
                assertThat(response.headers().firstValue("Access-Control-Expose-Headers")).hasValue("Location, TTL");
            }
        }
    }

    @Test
    void withoutCorsNoCorsHeaders() throws Exception {
        try (WebPushGateway gateway = new WebPushGateway()) {
            HttpResponse<String> response = gateway.send("OPTIONS", "/update/" + gateway.token(), BodyPublishers.noBody());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void otherMethodsOnAnEndpointAre405AllowingPutAndPost() throws Exception {
        try (WebPushGateway gateway = new WebPushGateway()) {
            HttpResponse<String> response = gateway.send("GET", "/update/" + gateway.token(), BodyPublishers.noBody());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("PUT, POST, OPTIONS");
        }
    }

    @Test
    void withWebPushOffAPostIs405AndAMessagePath404AsBefore() throws Exception {
        try (WebPushGateway gateway = new WebPushGateway(false, true, RateLimit.OFF)) {
            String messageId = gateway.messageIds.encode(MessageRef.topic(WebPushGateway.UAID, WebPushGateway.CHID, "t"));

            HttpResponse<String> post = gateway.post(gateway.token(), new byte[0], "TTL", "60");
            HttpResponse<String> delete = gateway.delete(messageId);
            HttpResponse<String> options = gateway.send("OPTIONS", "/update/" + gateway.token(), BodyPublishers.noBody());

            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.body()).isEqualTo("\"Method Not Allowed\"");
            assertThat(post.headers().firstValue("Allow")).hasValue("PUT, OPTIONS");
            assertThat(delete.statusCode()).isEqualTo(404);
            assertThat(delete.body()).isEqualTo("\"Not Found\"");
            assertThat(options.headers().firstValue("Access-Control-Allow-Methods")).hasValue("PUT, OPTIONS");
            assertThat(options.headers().firstValue("Access-Control-Allow-Headers")).isEmpty();
            assertThat(gateway.written).isEmpty();
        }
    }

    @Test
    void postsShareTheEndpointsRateLimitWithPutsAndGet429Errno201WithRetryAfter() throws Exception {
        try (WebPushGateway gateway = new WebPushGateway(true, false, new RateLimit(0.001, 2))) {
            gateway.reply = PutOutcome.DELIVERED;
            assertThat(gateway.send("PUT", "/update/" + gateway.token(), BodyPublishers.ofString("version=1"))
                    .statusCode()).isEqualTo(200);
            assertThat(gateway.post(gateway.token(), new byte[0], "TTL", "60").statusCode()).isEqualTo(201);

            HttpResponse<String> limited = gateway.post(gateway.token(), new byte[0], "TTL", "60");

            WebPushGateway.assertError(limited, 429, 201);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(gateway.written).hasSize(2);
        }
    }
}
