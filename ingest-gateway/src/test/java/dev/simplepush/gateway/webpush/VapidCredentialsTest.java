package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simplepush.gateway.webpush.VapidCredentials.Form;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec W5.1: the two header forms. */
class VapidCredentialsTest {
    private static final String JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
    private static final String KEY = "BHpRTfQUewCGIlz-IkflIshKgm7gKBVX1OLsfuWTpvzQ2X8BmE_9HmPf7C_eVLmjuxcYJvDlSnNlQcqdaMZLP2Q";

    private static VapidCredentials parse(Map<String, String> headers) throws WebPushRejection {
        return VapidCredentials.from(RequestHeaders.of(headers)).orElseThrow();
    }

    @Test
    void theVapidFormGivesItsTokenAndKey() throws Exception {
        assertThat(parse(Map.of("Authorization", "vapid t=" + JWT + ", k=" + KEY)))
                .isEqualTo(new VapidCredentials(JWT, KEY, Form.VAPID));
        assertThat(parse(Map.of("authorization", "VAPID k=" + KEY + ",t=" + JWT)))
                .as("any order, any case of the scheme, no space").isEqualTo(new VapidCredentials(JWT, KEY, Form.VAPID));
        assertThat(parse(Map.of("Authorization", "vapid t=" + JWT + ", k=" + KEY + "==")).key())
                .as("a padded key keeps its padding").isEqualTo(KEY + "==");
    }

    @Test
    void theWebPushFormTakesItsKeyFromCryptoKeyP256ecdsa() throws Exception {
        assertThat(parse(Map.of("Authorization", "WebPush " + JWT, "Crypto-Key", "p256ecdsa=" + KEY)))
                .isEqualTo(new VapidCredentials(JWT, KEY, Form.WEBPUSH));
        assertThat(parse(Map.of("Authorization", "webpush " + JWT, "Crypto-Key", "dh=BCDE;p256ecdsa=" + KEY)).key())
                .isEqualTo(KEY);
        assertThat(parse(Map.of("Authorization", "WebPush " + JWT, "Crypto-Key", "dh=BCDE, p256ecdsa=\"" + KEY + "\""))
                .key()).isEqualTo(KEY);
    }

    @Test
    void theWebPushFormFindsP256ecdsaOnAnyCryptoKeyLine() throws Exception {
        RequestHeaders headers = name -> switch (name) {
            case "Authorization" -> List.of("WebPush " + JWT);
            case "Crypto-Key" -> List.of("dh=BCDE", "p256ecdsa=" + KEY);
            default -> List.of();
        };

        assertThat(VapidCredentials.from(headers)).contains(new VapidCredentials(JWT, KEY, Form.WEBPUSH));
    }

    @Test
    void noAuthorizationMeansNoVapid() throws Exception {
        assertThat(VapidCredentials.from(RequestHeaders.of(Map.of("Crypto-Key", "p256ecdsa=" + KEY)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "key=AIza", "vapid", "vapid k=abc", "WebPush", "WebPush a b", "Basic dXNlcjpwdw=="})
    void anAuthorizationThatIsNotVapidIsRefusedWithErrno109(String authorization) {
        assertThatThrownBy(() -> VapidCredentials.from(RequestHeaders.of(Map.of("Authorization", authorization,
                "Crypto-Key", "p256ecdsa=" + KEY))))
                .isInstanceOfSatisfying(WebPushRejection.class, rejection -> {
                    assertThat(rejection.error().status()).isEqualTo(401);
                    assertThat(rejection.error().errno()).isEqualTo(109);
                    assertThat(rejection.vapidRule()).contains(VapidRule.HEADER);
                });
    }

    @Test
    void aMissingKeyIsRefusedAsAKeyFailure() {
        assertThatThrownBy(() -> VapidCredentials.from(RequestHeaders.of(Map.of("Authorization", "vapid t=" + JWT))))
                .isInstanceOfSatisfying(WebPushRejection.class,
                        rejection -> assertThat(rejection.vapidRule()).contains(VapidRule.KEY));
        assertThatThrownBy(() -> VapidCredentials.from(RequestHeaders.of(Map.of("Authorization", "WebPush " + JWT,
                "Crypto-Key", "dh=BCDE"))))
                .isInstanceOfSatisfying(WebPushRejection.class,
                        rejection -> assertThat(rejection.vapidRule()).contains(VapidRule.KEY));
    }
}
