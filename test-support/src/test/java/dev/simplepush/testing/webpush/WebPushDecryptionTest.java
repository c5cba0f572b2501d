package dev.simplepush.testing.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.token.Base64Url;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/**
 * The test device's decryption against bytes it did not make itself:
 * <ul>
 *   <li>RFC 8291 Appendix A, the published example, byte for byte;</li>
 *   <li>{@code webpush/web-push-requests.json}: requests made by npm web-push 3.6.7 (a copy of the
 *       gateway's fixture, ingest-gateway/src/test/webpush-fixtures), aes128gcm and aesgcm;</li>
 *   <li>{@code webpush/http-ece-records.json}: messages of several records and with padding made
 *       by http_ece, the library under web-push (launcher/src/test/webpush/make-fixtures.mjs).</li>
 * </ul>
 */
class WebPushDecryptionTest {
    // RFC 8291 Appendix A
    private static final String RFC_PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String RFC_UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String RFC_UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String RFC_AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String RFC_BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_"
            + "yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void theRfc8291AppendixAExampleDecryptsToItsPlaintext() throws Exception {
        PushKeys keys = PushKeys.of(RFC_UA_PUBLIC, RFC_UA_PRIVATE, RFC_AUTH);

        byte[] plaintext = WebPushDecryption.aes128gcm(keys, bytes(RFC_BODY));

        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(RFC_PLAINTEXT);
        assertThat(WebPushDecryption.decrypt(keys, bytes(RFC_BODY), "aes128gcm", null, null)).isEqualTo(plaintext);
    }

    @Test
    void theRfcExampleWithOneBitFlippedIsRefusedByItsTag() throws Exception {
        PushKeys keys = PushKeys.of(RFC_UA_PUBLIC, RFC_UA_PRIVATE, RFC_AUTH);
        byte[] body = bytes(RFC_BODY);
        body[body.length - 20] ^= 0x01;

        assertThatThrownBy(() -> WebPushDecryption.aes128gcm(keys, body)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void theRfcExampleIsRefusedUnderAnotherAuthSecret() throws Exception {
        byte[] otherAuth = bytes(RFC_AUTH);
        otherAuth[0] ^= 0x01;
        PushKeys keys = PushKeys.of(bytes(RFC_UA_PUBLIC), bytes(RFC_UA_PRIVATE), otherAuth);

        assertThatThrownBy(() -> WebPushDecryption.aes128gcm(keys, bytes(RFC_BODY))).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void everyRequestTheWebPushLibraryMadeDecryptsToItsPlaintextInBothEncodings() throws Exception {
        JsonNode fixture = resource("webpush/web-push-requests.json");
        PushKeys keys = receiver(fixture.get("receiver"));
        List<String> encodings = new ArrayList<>();

        for (JsonNode request : fixture.get("requests")) {
            JsonNode headers = request.get("headers");
            if (request.get("body").asText().isEmpty()) {
                continue;
            }
            String encoding = headers.get("Content-Encoding").asText();
            byte[] plaintext = WebPushDecryption.decrypt(keys, bytes(request.get("body").asText()), encoding,
                    text(headers, "Encryption"), text(headers, "Crypto-Key"));

            assertThat(plaintext).as(request.get("name").asText()).isEqualTo(bytes(request.get("plaintext").asText()));
            encodings.add(encoding);
        }
        assertThat(encodings).containsExactly("aes128gcm", "aesgcm", "aes128gcm");
    }

    @Test
    void messagesOfSeveralRecordsAndWithPaddingDecryptInBothEncodings() throws Exception {
        JsonNode fixture = resource("webpush/http-ece-records.json");
        PushKeys keys = receiver(fixture.get("receiver"));

        for (JsonNode message : fixture.get("messages")) {
            byte[] plaintext = WebPushDecryption.decrypt(keys, bytes(message.get("body").asText()), message.get("encoding").asText(),
                    text(message, "encryption"), text(message, "cryptoKey"));

            assertThat(plaintext).as(message.get("name").asText()).isEqualTo(bytes(message.get("plaintext").asText()));
        }
        assertThat(fixture.get("messages")).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void anAesgcmMessageCutAtARecordBoundaryIsRefusedAsTruncated() throws Exception {
        JsonNode fixture = resource("webpush/http-ece-records.json");
        PushKeys keys = receiver(fixture.get("receiver"));
        JsonNode message = message(fixture, "aesgcm, rs 10, no padding");
        byte[] body = bytes(message.get("body").asText());
        byte[] twoRecords = Arrays.copyOf(body, 2 * (10 + 16));

        assertThatThrownBy(() -> WebPushDecryption.aesgcm(keys, twoRecords, message.get("encryption").asText(),
                message.get("cryptoKey").asText()))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void anAes128gcmMessageWithoutItsLastRecordIsRefusedForItsDelimiter() throws Exception {
        JsonNode fixture = resource("webpush/http-ece-records.json");
        PushKeys keys = receiver(fixture.get("receiver"));
        byte[] body = bytes(message(fixture, "aes128gcm, rs 25, no padding").get("body").asText());
        byte[] headerAndTwoRecords = Arrays.copyOf(body, 86 + 2 * 25);

        assertThatThrownBy(() -> WebPushDecryption.aes128gcm(keys, headerAndTwoRecords))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("delimiter 2");
    }

    @Test
    void aesgcmHeadersAreReadWithQuotesKeyIdsAndTheVapidKeyBesideTheDhKey() throws Exception {
        assertThat(WebPushDecryption.parameters("keyid=\"dhkey\"; dh=\"BNoR\"", "Crypto-Key"))
                .containsEntry("keyid", "dhkey").containsEntry("dh", "BNoR");
        assertThat(WebPushDecryption.parameters("dh=BAB;p256ecdsa=BHp", "Crypto-Key"))
                .containsEntry("dh", "BAB").containsEntry("p256ecdsa", "BHp");
        assertThat(WebPushDecryption.parameters("salt=xHs, rs=24", "Encryption"))
                .containsEntry("salt", "xHs").containsEntry("rs", "24");
    }

    @Test
    void aesgcmWithoutADhKeyOrWithoutAnEncryptionHeaderIsRefused() throws Exception {
        PushKeys keys = PushKeys.generate();

        assertThatThrownBy(() -> WebPushDecryption.aesgcm(keys, new byte[40], "salt=xHsFgQJGelBdFmgAoFcbbQ", "p256ecdsa=BHp"))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("no dh=");
        assertThatThrownBy(() -> WebPushDecryption.aesgcm(keys, new byte[40], null, "dh=BAB"))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("no Encryption header");
    }

    @Test
    void anUnknownEncodingIsRefused() {
        PushKeys keys = PushKeys.generate();

        assertThatThrownBy(() -> WebPushDecryption.decrypt(keys, new byte[100], "aesgcm128", null, null))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("aesgcm128");
    }

    @Test
    void generatedKeysAreAnUncompressedPointAndASixteenByteSecretThatReadBack() throws Exception {
        PushKeys keys = PushKeys.generate();

        assertThat(keys.publicKey()).hasSize(65).startsWith(0x04);
        assertThat(keys.auth()).hasSize(16);
        PushKeys again = PushKeys.of(keys.p256dh(), Base64Url.encode(keys.privateScalar()), keys.authText());
        assertThat(again.publicKey()).isEqualTo(keys.publicKey());
        assertThat(PushKeys.generate().p256dh()).isNotEqualTo(keys.p256dh());
    }

    @Test
    void generatedVapidKeysAreAPointAndAScalarAndHideThePrivateHalfFromToString() {
        VapidKeys vapid = VapidKeys.generate();

        assertThat(vapid.publicKeyBytes()).hasSize(65).startsWith(0x04);
        assertThat(Base64Url.decode(vapid.privateKey()).orElseThrow()).hasSize(32);
        assertThat(vapid.toString()).contains(vapid.publicKey()).doesNotContain(vapid.privateKey());
    }

    private static JsonNode message(JsonNode fixture, String name) {
        for (JsonNode message : fixture.get("messages")) {
            if (message.get("name").asText().equals(name)) {
                return message;
            }
        }
        throw new AssertionError("no message named " + name);
    }

    private static PushKeys receiver(JsonNode receiver) throws GeneralSecurityException {
        return PushKeys.of(receiver.get("p256dh").asText(), receiver.get("privateKey").asText(), receiver.get("auth").asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asText();
    }

    private static byte[] bytes(String base64url) {
        return Base64Url.decode(base64url).orElseThrow(() -> new AssertionError("not base64url: " + base64url));
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = WebPushDecryptionTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }
}
