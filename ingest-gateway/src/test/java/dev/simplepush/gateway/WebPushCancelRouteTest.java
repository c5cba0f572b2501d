package dev.simplepush.gateway;

import static dev.simplepush.gateway.WebPushGateway.BASE;
import static dev.simplepush.gateway.WebPushGateway.CHID;
import static dev.simplepush.gateway.WebPushGateway.UAID;
import static dev.simplepush.gateway.WebPushGateway.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code DELETE /m/<message id>} (spec W4.8): W8 checklist item 21, the gateway's part. */
class WebPushCancelRouteTest {
    private final WebPushGateway gateway = new WebPushGateway();

    @AfterEach
    void stop() {
        gateway.close();
    }

    private String postedMessageId(String... headers) throws Exception {
        String location = gateway.post(gateway.token(), new byte[0], headers).headers().firstValue("Location")
                .orElseThrow();
        return location.substring((BASE + "/m/").length());
    }

    @Test
    void deletingAPostedMessageIs204AndWritesACancelForItsChannelKindAndKey() throws Exception {
        String messageId = postedMessageId("TTL", "60", "Topic", "news");

        HttpResponse<String> response = gateway.delete(messageId);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(gateway.written).hasSize(2);
        Notification cancel = gateway.written.get(1);
        assertThat(cancel.uaid()).isEqualTo(UAID);
        assertThat(cancel.channelId()).isEqualTo(CHID);
        assertThat(cancel.version()).isZero();
        assertThat(cancel.data()).isNull();
        assertThat(cancel.webPush()).isEqualTo(new WebPushRequest.Cancel(MessageRef.Kind.TOPIC, "news"));
        assertThat(cancel.requestId()).isNotEqualTo(gateway.written.get(0).requestId());
    }

    @Test
    void aUniqueMessageIsCancelledByItsOwnKey() throws Exception {
        String messageId = postedMessageId("TTL", "60");
        WebPushRequest.Post post = (WebPushRequest.Post) gateway.written.get(0).webPush();

        assertThat(gateway.delete(messageId).statusCode()).isEqualTo(204);

        assertThat(gateway.written.get(1).webPush()).isEqualTo(new WebPushRequest.Cancel(MessageRef.Kind.UNIQUE, post.key()));
    }

    @Test
    void anIdThatIsNoLongerPendingIsStill204() throws Exception {
        String messageId = gateway.messageIds.encode(MessageRef.unique(UAID, CHID, "gone"));

        assertThat(gateway.delete(messageId).statusCode()).isEqualTo(204);
    }

    @Test
    void aForgedMessageIdIs404Errno102AndNothingIsWritten() throws Exception {
        String forged = new MessageIds(EndpointTokens.fromBase64(List.of(EndpointTokens.generateKey())))
                .encode(MessageRef.topic(UAID, CHID, "news"));

        assertError(gateway.delete(forged), 404, 102);
        assertError(gateway.delete("garbage"), 404, 102);
        assertError(gateway.delete(gateway.token()), 404, 102);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aFailedWriteIs503Errno201() throws Exception {
        String messageId = gateway.messageIds.encode(MessageRef.topic(UAID, CHID, "news"));
        gateway.failWrites = true;

        assertError(gateway.delete(messageId), 503, 201);
    }

    @Test
    void otherMethodsOnAMessageAre405WithItsAllowHeader() throws Exception {
        String messageId = gateway.messageIds.encode(MessageRef.topic(UAID, CHID, "news"));

        for (String method : List.of("GET", "POST", "PUT")) {
            HttpResponse<String> response = gateway.send(method, "/m/" + messageId, BodyPublishers.noBody());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("DELETE, OPTIONS");
        }
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void pathsBesideAMessageIdAre404() throws Exception {
        for (String path : List.of("/m/", "/m", "/m/a/b")) {
            assertThat(gateway.send("DELETE", path, BodyPublishers.noBody()).statusCode()).as(path).isEqualTo(404);
        }
    }
}
