package dev.simplepush.launcher.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** What the conformance tests share: fixed wire shapes, JSON as the spec compares it, fresh ids. */
final class Wire {
    /** How long absence is watched for; absence has no event to await (kept ≤ 1 s by the suite's rules). */
    static final Duration QUIET = Duration.ofMillis(500);
    /** The upper bound for anything the suite awaits: a reply, a close. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final int NORMAL_CLOSURE = 1000;
    /** Spec §11.4: tells Gecko to stop reconnecting; never sent without a working wake-up driver. */
    static final int WAKE_UP_CLOSE = 4774;

    /** Spec §16 item 25. */
    static final Pattern PUSH_ENDPOINT = Pattern.compile("^https?://.+/update/[A-Za-z0-9_-]+$");
    /** Spec §3.2: 32 lower-case hex digits with the UUIDv4 version and variant bits. */
    static final Pattern GENERATED_UAID = Pattern.compile("^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$");

    /** Keeps decimals as written, so an echo can be compared with what was sent. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Wire() {
    }

    /** A fresh lower-case dashed UUIDv4, as Gecko makes channel ids. */
    static String chid() {
        return UUID.randomUUID().toString();
    }

    /** A valid uaid no store has seen: 32 hex digits. */
    static String unknownUaid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static List<String> chids(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(chid());
        }
        return ids;
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static ObjectNode object(String text) {
        JsonNode node = parse(text);
        assertThat(node.isObject()).as("a JSON object: %s", text).isTrue();
        return (ObjectNode) node;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value, e);
        }
    }

    /** Spec §2.3: the fixed text of an echo error's status. */
    static String errorText(int status) {
        return switch (status) {
            case 401 -> "Invalid Command";
            case 503 -> "Service Unavailable";
            default -> "An unexpected error occurred";
        };
    }

    /** Spec §2.2: what the server must send back for {@code sent}. */
    static ObjectNode echoOf(String sent, int status) {
        ObjectNode echo = object(sent).deepCopy();
        echo.put("status", status);
        echo.put("error", errorText(status));
        return echo;
    }

    /**
     * {@code reply} is the echo error of {@code sent}: every client field unchanged (including the
     * {@code messageType} spelling), {@code status} a JSON integer, {@code error} the fixed text.
     */
    static void assertEcho(String reply, String sent, int status) {
        JsonNode actual = parse(reply);
        assertThat(actual).as("echo error %d of %s", status, sent).isEqualTo(echoOf(sent, status));
        assertThat(actual.get("status").isInt()).as("status is a JSON integer in %s", reply).isTrue();
    }

    /** The field names of a JSON object, in order. */
    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    /** {@code {"messageType":"hello","uaid":…,"channelIDs":[…]}} with the uaid left out when null. */
    static String hello(String uaid, List<String> channelIds) {
        ObjectNode hello = MAPPER.createObjectNode().put("messageType", "hello");
        if (uaid != null) {
            hello.put("uaid", uaid);
        }
        channelIds.forEach(hello.putArray("channelIDs")::add);
        return write(hello);
    }

    static String register(String channelId) {
        return write(MAPPER.createObjectNode().put("messageType", "register").put("channelID", channelId));
    }

    /** The token part of a push endpoint. */
    static String tokenOf(String endpoint) {
        return endpoint.substring(endpoint.lastIndexOf('/') + 1);
    }
}
