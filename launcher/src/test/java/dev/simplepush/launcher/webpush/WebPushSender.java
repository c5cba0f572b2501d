package dev.simplepush.launcher.webpush;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.token.Base64Url;
import dev.simplepush.testing.webpush.VapidKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * An application server made of the npm package web-push: {@code src/test/webpush/send.mjs}
 * encrypts and VAPID-signs with the library and POSTs, and this class reads back the answer.
 * Nothing here encrypts: the bytes on the wire are the library's.
 */
final class WebPushSender {
    static final String SUBJECT = "mailto:webpush-it@example.com";
    private static final long TIMEOUT_SECONDS = 60;

    private final VapidKeys vapid;

    WebPushSender(VapidKeys vapid) {
        this.vapid = vapid;
    }

    /** The push service's answer to one POST, headers by lower-case name. */
    record Response(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** The JSON error's errno, or -1. */
        int errno() {
            try {
                return Json.MAPPER.readTree(body).path("errno").asInt(-1);
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /**
     * Sends {@code payload} to {@code subscription} ({@code PushSubscription.toJSON()}: endpoint
     * and keys) with VAPID.
     *
     * @param encoding {@code aes128gcm} or {@code aesgcm}
     */
    Response send(Object subscription, byte[] payload, String encoding, int ttl) throws IOException, InterruptedException {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.set("subscription", Json.MAPPER.valueToTree(subscription));
        request.put("payload", payload == null ? null : Base64Url.encode(payload));
        request.put("encoding", encoding);
        request.put("ttl", ttl);
        request.set("vapid", Json.MAPPER.valueToTree(Map.of("subject", SUBJECT, "publicKey", vapid.publicKey(),
                "privateKey", vapid.privateKey())));

        Path out = Files.createTempFile("webpush-send", ".out");
        Path err = Files.createTempFile("webpush-send", ".err");
        try {
            Process node = new ProcessBuilder("node", "send.mjs").directory(NodeTools.WEBPUSH_DIR.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (OutputStream stdin = node.getOutputStream()) {
                stdin.write(Json.MAPPER.writeValueAsBytes(request));
            }
            if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                NodeTools.destroyTree(node);
                throw new AssertionError("send.mjs did not finish within " + TIMEOUT_SECONDS + " s; stderr: " + NodeTools.read(err));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (node.exitValue() != 0) {
                throw new AssertionError("send.mjs failed (exit " + node.exitValue() + "): " + NodeTools.read(err) + stdout);
            }
            JsonNode answer = Json.MAPPER.readTree(stdout);
            Map<String, String> headers = new TreeMap<>();
            answer.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
            return new Response(answer.path("status").asInt(), headers, answer.path("body").asText(""));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
