package dev.simplepush.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.token.MessageRef;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keeps the JSON Schema files in step with the records: each record's JSON has exactly the
 * schema's properties, the required ones are the components that can never be absent, and each
 * property's JSON type (and enum values) match the component's Java type.
 */
class AuditSchemaFilesTest {
    private static final JsonSerde<AuditEvent> SERDE = JsonSerde.of(AuditEvent.class);

    @ParameterizedTest
    @EnumSource(AuditType.class)
    void aRecordsJsonHasExactlyTheSchemasProperties(AuditType type) throws IOException {
        JsonNode schema = schema(type);
        JsonNode json = Json.MAPPER.readTree(SERDE.serialize("audit", AuditSamples.of(type)));

        assertThat(names(json)).as("properties of a %s record", type).isEqualTo(names(schema.get("properties")));
        assertThat(json.get("type").asText()).isEqualTo(type.jsonName());
        assertThat(schema.at("/properties/type/const").asText()).isEqualTo(type.jsonName());
    }

    @ParameterizedTest
    @EnumSource(AuditType.class)
    void theRequiredPropertiesAreTheComponentsThatAreNeverAbsent(AuditType type) throws IOException {
        JsonNode schema = schema(type);
        Set<String> required = new HashSet<>();
        schema.get("required").forEach(node -> required.add(node.asText()));
        Set<String> expected = new HashSet<>(Set.of("type"));
        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            if (!nullable(type, component)) {
                expected.add(component.getName());
            }
        }
        assertThat(required).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(AuditType.class)
    void eachPropertysTypeMatchesItsComponent(AuditType type) throws IOException {
        JsonNode properties = schema(type).get("properties");
        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            JsonNode property = properties.get(component.getName());
            Class<?> javaType = component.getType();
            String expected = javaType == String.class || javaType.isEnum() ? "string"
                    : javaType == boolean.class ? "boolean" : "integer";
            assertThat(property.get("type").asText()).as("%s.%s", type, component.getName()).isEqualTo(expected);
            if (javaType.isEnum()) {
                List<String> values = new ArrayList<>();
                property.get("enum").forEach(node -> values.add(node.asText()));
                assertThat(values).containsExactlyElementsOf(
                        Arrays.stream(javaType.getEnumConstants()).map(Object::toString).toList());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AuditType.class)
    void everyRecordSurvivesTheSerde(AuditType type) {
        AuditEvent sample = AuditSamples.of(type);

        assertThat(SERDE.deserialize("audit", SERDE.serialize("audit", sample))).isEqualTo(sample);
        assertThat(AuditType.of(sample)).isEqualTo(type);
        assertThat(AuditType.parse(type.jsonName().toUpperCase())).isEqualTo(type);
    }

    /** Components that may be null: documented in the records' Javadoc. */
    private static boolean nullable(AuditType type, RecordComponent component) {
        return switch (type) {
            case ROUTED -> Set.of("nodeId", "connectionId", "requestId").contains(component.getName());
            case DELIVERED -> Set.of("requestId", "routedAt").contains(component.getName());
            case EXPIRED -> component.getName().equals("channelId");
            case POSTED -> Set.of("topic", "encoding", "vapidSubject").contains(component.getName());
            case PUSH_ROUTED -> Set.of("nodeId", "connectionId", "requestId").contains(component.getName());
            case PUSH_DELIVERED -> Set.of("requestId", "routedAt").contains(component.getName());
            case NACKED -> Set.of("channelId", "kind", "key").contains(component.getName());
            case BROADCAST_SET -> Set.of("previousVersion", "gatewayId").contains(component.getName());
            default -> false;
        };
    }

    private static JsonNode schema(AuditType type) throws IOException {
        try (InputStream in = AuditEvent.class.getResourceAsStream("/audit/" + type.jsonName() + ".schema.json")) {
            assertThat(in).as("schema file of %s", type).isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** One record of each type with every component set. */
    static final class AuditSamples {
        static final String UAID = "0123456789abcdef0123456789abcdef";
        static final String CHID = "11111111-2222-4333-8444-555555555555";

        static AuditEvent of(AuditType type) {
            return switch (type) {
                case ACCEPTED -> new AuditEvent.Accepted(3, "3-42", UAID, CHID, 7, 5, 200, 1_000L);
                case ROUTED -> new AuditEvent.Routed(UAID, CHID, 7, AuditEvent.Route.NODE, 1, "c1", "3-42", 1_001L);
                case DELIVERED -> new AuditEvent.Delivered(1, "c1", UAID, CHID, 7, "3-42", 1_002L, 1_001L);
                case ACKED -> new AuditEvent.Acked(UAID, CHID, 7, 1, "c1", 1_003L);
                case REGISTERED -> new AuditEvent.Registered(UAID, CHID, 1, "c1", 200, 999L);
                case UNREGISTERED -> new AuditEvent.Unregistered(UAID, CHID, 1, "c1", 200, 1_004L);
                case HELLO -> new AuditEvent.Hello(UAID, 1, "c1", HelloOutcome.ACCEPTED, AuditEvent.HelloReason.KNOWN,
                        2, 1, 998L);
                case EXPIRED -> new AuditEvent.Expired(UAID, CHID, 7, "ttl", 1_005L);
                case SET_ASIDE -> new AuditEvent.SetAside(UAID, "device-events", 3, 42, AuditEvent.Failure.PROCESSING,
                        "IllegalStateException: boom", 1_006L);
                case POSTED -> new AuditEvent.Posted(3, "3-43", UAID, CHID, MessageRef.Kind.TOPIC, "news", 60, "news",
                        "high", "aes128gcm", 4096, "mailto:ops@example.com", 201, 0, 1_007L);
                case PUSH_ROUTED -> new AuditEvent.PushRouted(UAID, CHID, MessageRef.Kind.UNIQUE, "k1",
                        AuditEvent.PushRoute.NODE, 1, "c1", "3-43", 1_008L);
                case PUSH_DELIVERED -> new AuditEvent.PushDelivered(1, "c1", UAID, CHID, MessageRef.Kind.UNIQUE, "k1",
                        "3-43", 1_009L, 1_008L);
                case PUSH_ACKED -> new AuditEvent.PushAcked(UAID, CHID, MessageRef.Kind.UNIQUE, "k1", 100, true, 1, "c1",
                        1_010L);
                case NACKED -> new AuditEvent.Nacked(UAID, CHID, MessageRef.Kind.UNIQUE, "k1", 301, 1, "c1", 1_011L);
                case PUSH_REMOVED -> new AuditEvent.PushRemoved(UAID, CHID, MessageRef.Kind.TOPIC, "news",
                        AuditEvent.RemoveReason.REPLACED, 1_012L);
                case CANCELLED -> new AuditEvent.Cancelled(UAID, CHID, MessageRef.Kind.UNIQUE, "k1", "3-44", true,
                        1_013L);
                case BROADCAST_SET -> new AuditEvent.BroadcastSet("remote-settings/monitor_changes", "\"1701\"",
                        "\"1700\"", "api:remote-settings", 3, 1_014L);
            };
        }
    }
}
