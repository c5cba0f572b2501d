package dev.simplepush.node.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Ids;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.AppServerKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one text message from a device, in the order of spec §2.1: ping bodies before JSON, then
 * the JSON object, then {@code messageType}, then the fields of that type. Stateless and
 * thread-safe; whether a request is allowed in the connection's current state is not its concern.
 */
public final class MessageParser {
    /** Spec §14 {@code max_channels_per_uaid}, the default of {@code node.max.ack.updates}. */
    public static final int DEFAULT_MAX_ACK_UPDATES = 500;
    /** W2.3: the code of a data-mode ack entry that has none. */
    public static final int PUSH_ACK_DELIVERED = 100;

    private final ObjectMapper mapper;
    private final int maxAckUpdates;

    /** For messages of up to 1 MiB and acks of up to 500 entries. */
    public MessageParser() {
        this(1024 * 1024);
    }

    /** For messages of up to {@code maxMessageBytes} ({@link DeviceJson#mapper(int)}). */
    public MessageParser(int maxMessageBytes) {
        this(maxMessageBytes, DEFAULT_MAX_ACK_UPDATES);
    }

    /** @param maxAckUpdates an ack with more entries is rejected (401), so one message cannot fan out without bound */
    public MessageParser(int maxMessageBytes, int maxAckUpdates) {
        this.mapper = DeviceJson.mapper(maxMessageBytes);
        this.maxAckUpdates = maxAckUpdates;
    }

    public ParseResult parse(String text) {
        if (isPingBody(text)) {
            return new ParseResult.Parsed(new ClientMessage.Ping(DeviceJson.newObject()));
        }
        JsonNode tree;
        try {
            tree = DeviceJson.read(mapper, text);
        } catch (JsonProcessingException e) {
            return new ParseResult.Unreadable("not JSON");
        }
        if (!(tree instanceof ObjectNode object)) {
            return new ParseResult.Unreadable("not a JSON object");
        }
        JsonNode typeField = DeviceJson.field(object, "messageType");
        if (typeField == null || !typeField.isTextual()) {
            return invalid(object);
        }
        return MessageType.fromClient(typeField.textValue())
                .map(type -> parseFields(type, object))
                .orElseGet(() -> new ParseResult.Rejected(object, ErrorKind.INVALID_COMMAND,
                        ParseResult.Cause.UNKNOWN_TYPE));
    }

    /**
     * Spec §8.1: shorter than 2 characters, or whitespace alone or around a single {@code {}} pair
     * (whitespace may also sit between the braces). Anything else made of braces is left to the
     * JSON reader, which rejects it.
     */
    static boolean isPingBody(String text) {
        if (text.codePointCount(0, text.length()) < 2) {
            return true;
        }
        int i = skipWhitespace(text, 0);
        if (i == text.length()) {
            return true;
        }
        if (text.charAt(i) != '{') {
            return false;
        }
        i = skipWhitespace(text, i + 1);
        if (i == text.length() || text.charAt(i) != '}') {
            return false;
        }
        return skipWhitespace(text, i + 1) == text.length();
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && isJsonWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private ParseResult parseFields(MessageType type, ObjectNode object) {
        return switch (type) {
            case HELLO -> hello(object);
            case REGISTER -> register(object);
            case UNREGISTER -> unregister(object);
            case ACK -> ack(object);
            case PING -> parsed(new ClientMessage.Ping(object));
            case PURGE -> parsed(new ClientMessage.Purge(object));
            case NACK -> nack(object);
            case BROADCAST_SUBSCRIBE -> parsed(new ClientMessage.BroadcastSubscribe(object,
                    broadcasts(DeviceJson.field(object, "broadcasts"))));
            // Server-to-device types are not in fromClient: a device sending one never gets here.
            case NOTIFICATION, BROADCAST -> new ParseResult.Rejected(object, ErrorKind.INVALID_COMMAND,
                    ParseResult.Cause.UNKNOWN_TYPE);
        };
    }

    /** Spec §3.1. The form of the uaid is judged later (§3.3), since a second hello is judged first. */
    private static ParseResult hello(ObjectNode object) {
        JsonNode uaidField = DeviceJson.field(object, "uaid");
        String uaid = null;
        if (uaidField != null && !uaidField.isNull()) {
            if (!uaidField.isTextual()) {
                return invalid(object);
            }
            uaid = uaidField.textValue().isEmpty() ? null : uaidField.textValue();
        }
        JsonNode channels = DeviceJson.field(object, "channelIDs");
        int channelCount;
        if (channels != null && channels.isArray()) {
            channelCount = channels.size();
        } else if (channels == null && (DeviceJson.field(object, "use_webpush") != null
                || DeviceJson.field(object, "broadcasts") != null)) {
            // A current desktop Gecko never sends channelIDs; one that is there must be an array.
            channelCount = 0;
        } else {
            return invalid(object);
        }
        JsonNode useWebPush = DeviceJson.field(object, "use_webpush");
        return parsed(new ClientMessage.Hello(object, uaid, channelCount,
                useWebPush != null && useWebPush.isBoolean() && useWebPush.booleanValue(),
                broadcasts(DeviceJson.field(object, "broadcasts"))));
    }

    /**
     * W6.1: a {@code broadcasts} object of ids to versions, tolerated in any shape; entries whose
     * version is not a string are left out, and anything but an object reads as none.
     */
    private static Map<String, String> broadcasts(JsonNode field) {
        if (!(field instanceof ObjectNode object)) {
            return Map.of();
        }
        Map<String, String> broadcasts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getValue().isTextual()) {
                broadcasts.put(entry.getKey(), entry.getValue().textValue());
            }
        }
        return broadcasts;
    }

    /** Spec §4.2: a string that is a valid ID. */
    private static ParseResult register(ObjectNode object) {
        JsonNode channel = DeviceJson.field(object, "channelID");
        if (channel == null || !channel.isTextual() || !Ids.isValid(channel.textValue())) {
            return invalid(object);
        }
        return parsed(new ClientMessage.Register(object, channel.textValue(),
                key(DeviceJson.field(object, "key"))));
    }

    /** W2.1: absent or null, else it must be base64url (padding optional) of a P-256 uncompressed point. */
    private static ClientMessage.KeyField key(JsonNode field) {
        if (field == null || field.isNull()) {
            return ClientMessage.KeyField.ABSENT;
        }
        if (!field.isTextual()) {
            return ClientMessage.KeyField.INVALID;
        }
        return AppServerKeys.parse(field.textValue())
                .<ClientMessage.KeyField>map(ClientMessage.KeyField.Valid::new)
                .orElse(ClientMessage.KeyField.INVALID);
    }

    /** Spec §5.2: a non-empty string; its form is not checked. */
    private static ParseResult unregister(ObjectNode object) {
        JsonNode channel = DeviceJson.field(object, "channelID");
        if (channel == null || !channel.isTextual() || channel.textValue().isEmpty()) {
            return invalid(object);
        }
        return parsed(new ClientMessage.Unregister(object, channel.textValue(),
                intOr(DeviceJson.field(object, "code"), 0)));
    }

    /** W2.4: never rejected; a version that is not a non-empty string names no message. */
    private static ParseResult nack(ObjectNode object) {
        JsonNode version = DeviceJson.field(object, "version");
        String messageId = version != null && version.isTextual() && !version.textValue().isEmpty()
                ? version.textValue() : null;
        return parsed(new ClientMessage.Nack(object, messageId, intOr(DeviceJson.field(object, "code"), 0)));
    }

    /** The field as an int when it is a JSON integer that fits one, else {@code fallback}. */
    private static int intOr(JsonNode field, int fallback) {
        return field != null && field.isIntegralNumber() && field.canConvertToInt() ? field.intValue() : fallback;
    }

    /**
     * Spec §7.3, §7.4: a non-empty array of at most {@code maxAckUpdates} entries (a device has no
     * more updates pending than channels); entries without a string chid and an integer version
     * are dropped, and of several for one chid only the highest version is kept, since acking it
     * acks every lower one. Entries with a string version are read as data-mode entries (W2.3):
     * each message id once, the first entry naming it kept; one whose {@code code} is present but
     * not an integer is dropped.
     */
    private ParseResult ack(ObjectNode object) {
        JsonNode updates = DeviceJson.field(object, "updates");
        if (updates == null || !updates.isArray() || updates.isEmpty()) {
            return invalid(object);
        }
        if (updates.size() > maxAckUpdates) {
            return new ParseResult.Rejected(object, ErrorKind.INVALID_COMMAND, ParseResult.Cause.ACK_TOO_LARGE);
        }
        Map<String, Long> highest = new LinkedHashMap<>();
        List<ClientMessage.PushAckRequest> pushEntries = new ArrayList<>();
        Set<String> messageIds = new HashSet<>();
        for (JsonNode entry : updates) {
            if (entry instanceof ObjectNode update) {
                JsonNode channel = DeviceJson.field(update, "channelID");
                if (channel == null || !channel.isTextual() || channel.textValue().isEmpty()) {
                    continue;
                }
                JsonNode version = DeviceJson.field(update, "version");
                if (version != null && version.isIntegralNumber() && version.canConvertToLong()) {
                    highest.merge(channel.textValue(), version.longValue(), Math::max);
                } else if (version != null && version.isTextual() && !version.textValue().isEmpty()) {
                    JsonNode code = DeviceJson.field(update, "code");
                    boolean noCode = code == null || code.isNull();
                    if ((noCode || (code.isIntegralNumber() && code.canConvertToInt()))
                            && messageIds.add(version.textValue())) {
                        pushEntries.add(new ClientMessage.PushAckRequest(channel.textValue(), version.textValue(),
                                noCode ? PUSH_ACK_DELIVERED : code.intValue()));
                    }
                }
            }
        }
        List<Update> valid = new ArrayList<>(highest.size());
        highest.forEach((chid, version) -> valid.add(Update.of(chid, version)));
        return parsed(new ClientMessage.Ack(object, valid, pushEntries));
    }

    private static ParseResult parsed(ClientMessage message) {
        return new ParseResult.Parsed(message);
    }

    private static ParseResult invalid(ObjectNode object) {
        return new ParseResult.Rejected(object, ErrorKind.INVALID_COMMAND);
    }
}
