package dev.simplepush.node.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * JSON as devices speak it. Kept apart from the Kafka mapper because an echo error must hand the
 * device's own object back unchanged: decimals stay decimals, and trailing garbage after the value
 * makes the message unreadable instead of being silently dropped.
 */
public final class DeviceJson {
    /**
     * Objects and arrays nested deeper than this make a message unreadable. Twice Jackson's default
     * (1,000), so a message nested 1,001 deep still reaches validation and gets its echo error
     * (spec §2.1); not more, because writing the echo back recurses once per level.
     */
    public static final int MAX_NESTING_DEPTH = 2_000;
    /**
     * Digits a number may have, ten times Jackson's default (1,000), so a long one still reaches
     * validation; not tied to the message size, because turning digits into a BigInteger costs
     * time growing with the square of their count: a megabyte of digits would hold a worker for
     * seconds.
     */
    public static final int MAX_NUMBER_LENGTH = 10_000;

    /** For writing, and for reading messages of up to 1 MiB. */
    static final ObjectMapper MAPPER = mapper(1024 * 1024);

    /**
     * A mapper that reads any message of up to {@code maxMessageBytes} that is valid JSON within
     * the nesting and number limits above: names and strings may be as long as the message
     * itself (Jackson's defaults, 50,000 characters for a name, would close a valid message with
     * 1003 instead of answering it, spec §1.5).
     */
    static ObjectMapper mapper(int maxMessageBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNameLength(maxMessageBytes)
                        .maxStringLength(maxMessageBytes)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxDocumentLength(maxMessageBytes)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    private DeviceJson() {
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    static JsonNode read(String text) throws JsonProcessingException {
        return read(MAPPER, text);
    }

    static JsonNode read(ObjectMapper mapper, String text) throws JsonProcessingException {
        return mapper.readTree(text);
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * A key as Go's JSON decoding finds it (spec §2.1): the exact key first, otherwise the first
     * key equal to it ignoring case. A key padded with spaces matches nothing.
     *
     * @return the value, {@code null} if no key matches (a JSON null is returned as a NullNode)
     */
    public static JsonNode field(ObjectNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
