package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

    @Test
    void undertowHeadersAreReadByCaseInsensitiveNameWithEveryLine() {
        HeaderMap map = new HeaderMap();
        map.add(new HttpString("crypto-key"), "dh=BCDE");
        map.add(new HttpString("Crypto-Key"), "p256ecdsa=BAAA");
        map.put(new HttpString("TTL"), "60");
        RequestHeaders headers = RequestHeaders.of(map);

        assertThat(headers.all("CRYPTO-KEY")).containsExactly("dh=BCDE", "p256ecdsa=BAAA");
        assertThat(headers.joined("Crypto-Key")).isEqualTo("dh=BCDE,p256ecdsa=BAAA");
        assertThat(headers.first("ttl")).isEqualTo("60");
        assertThat(headers.first("Topic")).isNull();
        assertThat(headers.all("Topic")).isEmpty();
        assertThat(headers.joined("Topic")).isNull();
    }

    @Test
    void aMapOfHeadersIsReadByCaseInsensitiveName() {
        RequestHeaders headers = RequestHeaders.of(Map.of("Content-Encoding", "aes128gcm"));

        assertThat(headers.first("content-encoding")).isEqualTo("aes128gcm");
        assertThat(headers.all("Urgency")).isEmpty();
    }
}
