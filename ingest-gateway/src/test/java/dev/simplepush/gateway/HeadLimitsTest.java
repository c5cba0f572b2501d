package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request head is bounded in URL length (414), header count and size (431), and a PUT in form
 * fields (400); each answer closes the connection and is counted by cause.
 */
class HeadLimitsTest {
    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = new TestGateway(HttpLimits.from(ConfigSource.of(Map.of(
                HttpLimits.MAX_URL_BYTES, "1024", HttpLimits.MAX_HEADER_BYTES, "2048", HttpLimits.MAX_HEADERS, "16",
                HttpLimits.MAX_FORM_FIELDS, "4"))));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private RawHttp.Answer put(String path, String body, String... headers) {
        String[] all = new String[headers.length + 1];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "Content-Length: " + body.length();
        return RawHttp.send(gateway.port(), RawHttp.put(path, all), RawHttp.Body.bytes(body.getBytes()));
    }

    @Test
    void aUrlOverTheLimitIs414() {
        RawHttp.Answer answer = put(gateway.path() + "?pad=" + "a".repeat(1024), "version=5");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(414);
        assertThat(answer.body()).isEqualTo("\"URI Too Long\"");
        assertThat(gateway.clientErrors(ClientErrors.Cause.URI_TOO_LONG)).isEqualTo(1);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aUrlJustUnderTheLimitIsServed() {
        String path = gateway.path() + "?pad=";
        RawHttp.Answer answer = put(path + "a".repeat(1024 - path.length() - 1), "version=5");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void moreHeaderLinesThanTheLimitAre431() {
        String[] headers = new String[17];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = "X-Pad-" + i + ": x";
        }
        RawHttp.Answer answer = put(gateway.path(), "version=5", headers);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(431);
        assertThat(answer.body()).isEqualTo("\"Request Header Fields Too Large\"");
        assertThat(gateway.clientErrors(ClientErrors.Cause.HEADERS_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void aHeaderSectionOverTheLimitIs431() {
        RawHttp.Answer answer = put(gateway.path(), "version=5", "X-Pad: " + "x".repeat(2048));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(431);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aHeadFarOverEveryLimitIsRefusedByUndertowBeforeItIsBuffered() {
        // Past Undertow's backstop (HttpLimits.undertowHeadBytes) its parser answers 400 or closes.
        RawHttp.Answer answer = put(gateway.path(), "version=5", "X-Pad: " + "x".repeat(1 << 20));

        assertThat(answer.status()).as(answer.toString()).isIn(0, 400, 431);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void moreFormFieldsThanTheLimitAre400AndTheLimitCountsQueryAndBodyTogether() {
        RawHttp.Answer tooMany = put(gateway.path() + "?a=1&b=2", "version=5&c=3&d=4");
        RawHttp.Answer enough = put(gateway.path() + "?a=1", "version=5&c=3&d=4");

        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.body()).isEqualTo("\"Too many form fields\"");
        assertThat(enough.status()).as(enough.toString()).isEqualTo(200);
    }
}
