package dev.simplepush.gateway.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec W4.9 and the errno table of docs/webpush.md. */
class WebPushErrorTest {

    @Test
    void theErrorBodyIsAutopushStyleJsonWithCodeErrnoErrorAndMessageInThatOrder() {
        String json = WebPushErrorBody.of(WebPushError.TTL_MISSING, "Missing TTL header").toJson();

        assertThat(json).isEqualTo("{\"code\":400,\"errno\":111,\"error\":\"Missing TTL header\",\"message\":\"Missing TTL header\"}");
        assertThat(WebPushErrorBody.CONTENT_TYPE).isEqualTo("application/json");
    }

    @Test
    void aRejectionsBodyCarriesItsKindAndMessageEscaped() throws Exception {
        JsonNode body = Json.MAPPER.readTree(WebPushRejection.vapid(VapidRule.HEADER).body().toJson());

        assertThat(body.get("code").asInt()).isEqualTo(401);
        assertThat(body.get("errno").asInt()).isEqualTo(109);
        assertThat(body.get("error").asText()).isEqualTo("Invalid authentication");
        assertThat(body.get("message").asText()).isEqualTo(VapidRule.HEADER.message()).contains("'vapid t=<JWT>, k=<key>'");
    }

    @Test
    void eachKindHasTheStatusAndErrnoTheSpecGivesIt() {
        Map<WebPushError, int[]> expected = Map.ofEntries(
                Map.entry(WebPushError.CRYPTO_KEYS_MISSING, new int[] {400, 101}),
                Map.entry(WebPushError.INVALID_TOKEN, new int[] {404, 102}),
                Map.entry(WebPushError.PAYLOAD_TOO_LARGE, new int[] {413, 104}),
                Map.entry(WebPushError.SUBSCRIPTION_GONE, new int[] {410, 106}),
                Map.entry(WebPushError.VAPID_UNAUTHORIZED, new int[] {401, 109}),
                Map.entry(WebPushError.VAPID_FORBIDDEN, new int[] {403, 109}),
                Map.entry(WebPushError.INVALID_ENCODING, new int[] {400, 110}),
                Map.entry(WebPushError.TTL_MISSING, new int[] {400, 111}),
                Map.entry(WebPushError.TTL_INVALID, new int[] {400, 112}),
                Map.entry(WebPushError.TOPIC_INVALID, new int[] {400, 113}),
                Map.entry(WebPushError.URGENCY_INVALID, new int[] {400, 114}),
                Map.entry(WebPushError.TOO_MANY_REQUESTS, new int[] {429, 201}),
                Map.entry(WebPushError.STORAGE_UNAVAILABLE, new int[] {503, 201}));

        assertThat(expected).containsOnlyKeys(WebPushError.values());
        expected.forEach((kind, statusAndErrno) -> {
            assertThat(kind.status()).as("%s status", kind).isEqualTo(statusAndErrno[0]);
            assertThat(kind.errno()).as("%s errno", kind).isEqualTo(statusAndErrno[1]);
        });
    }

    @Test
    void metricTagsAreDistinctForErrorsAndForVapidRules() {
        assertThat(Arrays.stream(WebPushError.values()).map(WebPushError::metricTag)).doesNotHaveDuplicates()
                .allMatch(tag -> tag.matches("[a-z_]+"));
        assertThat(Arrays.stream(VapidRule.values()).map(VapidRule::metricTag)).doesNotHaveDuplicates()
                .allMatch(tag -> tag.matches("[a-z_]+"));
    }

    @Test
    void onlyServerTroubleIsAnAlert() {
        assertThat(Arrays.stream(WebPushError.values()).filter(WebPushError::alert))
                .containsExactly(WebPushError.STORAGE_UNAVAILABLE);
    }

    @Test
    void everyVapidRuleAnswersErrno109And401ExceptAKeyMismatchWhichIs403() {
        for (VapidRule rule : VapidRule.values()) {
            assertThat(rule.error().errno()).as("%s", rule).isEqualTo(109);
            assertThat(rule.error().status()).as("%s", rule).isEqualTo(rule == VapidRule.KEY_MISMATCH ? 403 : 401);
        }
    }
}
