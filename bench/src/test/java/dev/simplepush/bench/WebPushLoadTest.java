package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WebPushLoadTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:8081/update/abc");

    @Test
    void aBodyHasTheAes128gcmHeaderTheGatewayChecks() {
        byte[] body = new WebPushLoad(4096).body(7);

        assertThat(body).hasSize(4096);
        assertThat(ByteBuffer.wrap(body).getInt(16)).isEqualTo(4096);
        assertThat(body[20]).isEqualTo((byte) 65);
        assertThat(body[21]).isEqualTo((byte) 0x04);
    }

    @Test
    void theVersionComesBackFromANotificationsData() {
        WebPushLoad load = new WebPushLoad(4096);
        String data = Base64.getUrlEncoder().withoutPadding().encodeToString(load.body(123_456_789L));

        assertThat(WebPushLoad.version(data)).isEqualTo(123_456_789L);
        assertThat(WebPushLoad.version("AAAA")).isEqualTo(-1);
        assertThat(WebPushLoad.version(null)).isEqualTo(-1);
    }

    @Test
    void theAuthorizationIsAnEs256JwtForTheEndpointsOriginSignedByTheRegisteredKey() throws Exception {
        WebPushLoad load = new WebPushLoad(100);
        String headers = load.headerLines(ENDPOINT);
        Matcher vapid = Pattern.compile("Authorization: vapid t=([^,]+), k=(\\S+)\r\n").matcher(headers);

        assertThat(vapid.find()).as(headers).isTrue();
        assertThat(vapid.group(2)).isEqualTo(load.publicKey());
        String[] jwt = vapid.group(1).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"aud\":\"http://127.0.0.1:8081\"").contains("\"sub\":\"mailto:");
        Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
        verify.initVerify(publicKey(Base64.getUrlDecoder().decode(load.publicKey())));
        verify.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
        assertThat(load.headerLines(ENDPOINT)).as("one JWT per origin, reused").isEqualTo(headers);
    }

    private static PublicKey publicKey(byte[] point) throws Exception {
        assertThat(point).hasSize(65);
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(w, parameters.getParameterSpec(ECParameterSpec.class)));
    }
}
