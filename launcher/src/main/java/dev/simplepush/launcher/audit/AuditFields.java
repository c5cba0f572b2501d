package dev.simplepush.launcher.audit;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of each audit record type, read uniformly for filters, tables and CSV. */
public final class AuditFields {
    /** Fixed width, UTC, milliseconds: columns line up and sort as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditFields() {
    }

    public static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    /** The channel, or null for a hello. */
    public static String channel(AuditEvent event) {
        if (event instanceof AuditEvent.Accepted e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.Routed e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.Delivered e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.Acked e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.Registered e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.Unregistered e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.Expired e) {
            return e.channelId();
        }
        return pushMessage(event) == null ? null : channelOfPush(event);
    }

    /**
     * The Web Push message a record is about, as {@code <kind> <key>} (e.g. {@code TOPIC news}):
     * a message is named by its channel, kind and key, never by its id. Null for other records.
     */
    public static String pushMessage(AuditEvent event) {
        if (event instanceof AuditEvent.Posted e) {
            return e.kind() + " " + e.key();
        } else if (event instanceof AuditEvent.PushRouted e) {
            return e.kind() + " " + e.key();
        } else if (event instanceof AuditEvent.PushDelivered e) {
            return e.kind() + " " + e.key();
        } else if (event instanceof AuditEvent.PushAcked e) {
            return e.kind() + " " + e.key();
        } else if (event instanceof AuditEvent.Nacked e) {
            return e.kind() == null ? null : e.kind() + " " + e.key();
        } else if (event instanceof AuditEvent.PushRemoved e) {
            return e.kind() + " " + e.key();
        } else if (event instanceof AuditEvent.Cancelled e) {
            return e.kind() + " " + e.key();
        }
        return null;
    }

    private static String channelOfPush(AuditEvent event) {
        if (event instanceof AuditEvent.Posted e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.PushRouted e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.PushDelivered e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.PushAcked e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.Nacked e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.PushRemoved e) {
            return e.channelId();
        } else if (event instanceof AuditEvent.Cancelled e) {
            return e.channelId();
        }
        return null;
    }

    /** The version, or null for records about a channel or a device rather than an update. */
    public static Long version(AuditEvent event) {
        if (event instanceof AuditEvent.Accepted e) {
            return e.version();
        } else if (event instanceof AuditEvent.Routed e) {
            return e.version();
        } else if (event instanceof AuditEvent.Delivered e) {
            return e.version();
        } else if (event instanceof AuditEvent.Acked e) {
            return e.version();
        } else if (event instanceof AuditEvent.Expired e) {
            return e.version();
        }
        return null;
    }

    /**
     * What the record says happened, for counting: the status of an accepted PUT, a register or
     * an unregister; the route; a hello's outcome and reason; live or flush for a delivery; an
     * expiry's reason. Null for an ack.
     */
    public static String outcome(AuditEvent event) {
        if (event instanceof AuditEvent.Accepted e) {
            return "status " + e.status();
        } else if (event instanceof AuditEvent.Routed e) {
            return e.route().name();
        } else if (event instanceof AuditEvent.Delivered e) {
            return e.requestId() == null ? "flush" : "live";
        } else if (event instanceof AuditEvent.Registered e) {
            return "status " + e.status();
        } else if (event instanceof AuditEvent.Unregistered e) {
            return "status " + e.status();
        } else if (event instanceof AuditEvent.Hello e) {
            return e.outcome() + " " + e.reason();
        } else if (event instanceof AuditEvent.Expired e) {
            return e.reason();
        } else if (event instanceof AuditEvent.SetAside e) {
            return e.failure().name();
        } else if (event instanceof AuditEvent.Posted e) {
            return "status " + e.status();
        } else if (event instanceof AuditEvent.PushRouted e) {
            return e.route().name();
        } else if (event instanceof AuditEvent.PushDelivered e) {
            return e.requestId() == null ? "flush" : "live";
        } else if (event instanceof AuditEvent.PushAcked e) {
            return "code " + e.code();
        } else if (event instanceof AuditEvent.Nacked e) {
            return "code " + e.code();
        } else if (event instanceof AuditEvent.PushRemoved e) {
            return e.reason().name();
        } else if (event instanceof AuditEvent.Cancelled e) {
            return e.pending() ? "removed" : "not pending";
        }
        return null;
    }

    /** One readable sentence of the record's own fields (time, type, uaid, channel, version aside). */
    public static String detail(AuditEvent event) {
        if (event instanceof AuditEvent.Accepted e) {
            return "status " + e.status() + ", gateway " + e.gatewayId() + ", request " + e.requestId() + ", "
                    + e.dataLength() + " data bytes";
        } else if (event instanceof AuditEvent.Routed e) {
            String request = " (request " + e.requestId() + ")";
            return switch (e.route()) {
                case NODE -> "to node " + e.nodeId() + " connection " + e.connectionId() + request;
                case STORED -> "stored, device offline" + request;
                case SUPERSEDED -> "not kept, a higher version is pending" + request;
                case UNKNOWN -> "unknown endpoint" + request;
                case DROPPED -> "dropped, device offline and no-store mode keeps nothing" + request;
            };
        } else if (event instanceof AuditEvent.Delivered e) {
            return "node " + e.nodeId() + " connection " + e.connectionId()
                    + (e.requestId() == null ? ", flush after hello" : ", live (request " + e.requestId() + ")");
        } else if (event instanceof AuditEvent.Acked e) {
            return "node " + e.nodeId() + " connection " + e.connectionId();
        } else if (event instanceof AuditEvent.Registered e) {
            return "status " + e.status() + ", node " + e.nodeId() + " connection " + e.connectionId();
        } else if (event instanceof AuditEvent.Unregistered e) {
            return "status " + e.status() + ", node " + e.nodeId() + " connection " + e.connectionId();
        } else if (event instanceof AuditEvent.Hello e) {
            return e.outcome() + " (" + e.reason() + "), " + e.channelCount()
                    + (e.channelCount() == 1 ? " channel, " : " channels, ") + e.pending() + " pending, node "
                    + e.nodeId() + " connection " + e.connectionId();
        } else if (event instanceof AuditEvent.Expired e) {
            return "reason " + e.reason();
        } else if (event instanceof AuditEvent.SetAside e) {
            return e.failure() + ": " + e.topic() + "-" + e.partition() + " offset " + e.offset()
                    + " set aside (on the dead-letter topic), " + e.error();
        }
        return pushDetail(event);
    }

    private static String pushDetail(AuditEvent event) {
        if (event instanceof AuditEvent.Posted e) {
            return "status " + e.status() + (e.errno() == 0 ? "" : " errno " + e.errno()) + ", ttl " + e.ttl() + " s, "
                    + e.bodyBytes() + " bytes" + (e.encoding() == null ? "" : " " + e.encoding()) + ", urgency "
                    + e.urgency() + (e.vapidSubject() == null ? ", no VAPID" : ", VAPID " + e.vapidSubject())
                    + ", gateway " + e.gatewayId() + ", request " + e.requestId();
        } else if (event instanceof AuditEvent.PushRouted e) {
            String request = e.requestId() == null ? "" : " (request " + e.requestId() + ")";
            return switch (e.route()) {
                case NODE -> "kept, sent to node " + e.nodeId() + " connection " + e.connectionId() + request;
                case STORED -> "kept pending: device offline or its unacked window full" + request;
                case UNKNOWN -> "unknown subscription: 410" + request;
                case OVER_CAP -> "over a pending cap: not kept, 429" + request;
                case DROPPED -> "TTL 0 and no data-mode connection: not kept" + request;
                case AS_VERSION -> "device in SimplePush mode: kept as a version without data" + request;
            };
        } else if (event instanceof AuditEvent.PushDelivered e) {
            return "node " + e.nodeId() + " connection " + e.connectionId()
                    + (e.requestId() == null ? ", flush or window" : ", live (request " + e.requestId() + ")");
        } else if (event instanceof AuditEvent.PushAcked e) {
            return "code " + e.code() + (e.removed() ? ", removed" : ", nothing pending") + ", node " + e.nodeId()
                    + " connection " + e.connectionId();
        } else if (event instanceof AuditEvent.Nacked e) {
            return "code " + e.code() + ", node " + e.nodeId() + " connection " + e.connectionId();
        } else if (event instanceof AuditEvent.PushRemoved e) {
            return "removed unacked: " + e.reason().name().toLowerCase(java.util.Locale.ROOT);
        } else if (event instanceof AuditEvent.Cancelled e) {
            return (e.pending() ? "cancelled, removed" : "cancelled, nothing pending") + " (request " + e.requestId()
                    + ")";
        }
        return "";
    }

    /** The CSV columns, in order. */
    public static final String[] CSV_COLUMNS = {"time", "type", "uaid", "channelId", "version", "status", "route",
        "outcome", "reason", "gatewayId", "requestId", "nodeId", "connectionId", "dataLength", "channelCount",
        "pending", "message"};

    /** Every CSV column's value; absent ones are empty. */
    public static Map<String, Object> csvValues(AuditEvent event) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("time", time(event.time()));
        values.put("type", AuditType.of(event).jsonName());
        values.put("uaid", event.uaid());
        values.put("channelId", channel(event));
        values.put("version", version(event));
        if (event instanceof AuditEvent.Accepted e) {
            values.put("status", e.status());
            values.put("gatewayId", e.gatewayId());
            values.put("requestId", e.requestId());
            values.put("dataLength", e.dataLength());
        } else if (event instanceof AuditEvent.Routed e) {
            values.put("route", e.route());
            values.put("requestId", e.requestId());
            values.put("nodeId", e.nodeId());
            values.put("connectionId", e.connectionId());
        } else if (event instanceof AuditEvent.Delivered e) {
            values.put("requestId", e.requestId());
            values.put("nodeId", e.nodeId());
            values.put("connectionId", e.connectionId());
        } else if (event instanceof AuditEvent.Acked e) {
            values.put("nodeId", e.nodeId());
            values.put("connectionId", e.connectionId());
        } else if (event instanceof AuditEvent.Registered e) {
            values.put("status", e.status());
            values.put("nodeId", e.nodeId());
            values.put("connectionId", e.connectionId());
        } else if (event instanceof AuditEvent.Unregistered e) {
            values.put("status", e.status());
            values.put("nodeId", e.nodeId());
            values.put("connectionId", e.connectionId());
        } else if (event instanceof AuditEvent.Hello e) {
            values.put("outcome", e.outcome());
            values.put("reason", e.reason());
            values.put("nodeId", e.nodeId());
            values.put("connectionId", e.connectionId());
            values.put("channelCount", e.channelCount());
            values.put("pending", e.pending());
        } else if (event instanceof AuditEvent.Expired e) {
            values.put("reason", e.reason());
        } else if (event instanceof AuditEvent.SetAside e) {
            values.put("outcome", e.failure());
            values.put("reason", e.error());
        } else if (pushMessage(event) != null || event instanceof AuditEvent.Nacked) {
            values.put("outcome", outcome(event));
            values.put("message", pushMessage(event));
            if (event instanceof AuditEvent.Posted e) {
                values.put("status", e.status());
                values.put("gatewayId", e.gatewayId());
                values.put("requestId", e.requestId());
                values.put("dataLength", e.bodyBytes());
            } else if (event instanceof AuditEvent.PushRouted e) {
                values.put("route", e.route());
                values.put("requestId", e.requestId());
                values.put("nodeId", e.nodeId());
                values.put("connectionId", e.connectionId());
            } else if (event instanceof AuditEvent.PushDelivered e) {
                values.put("requestId", e.requestId());
                values.put("nodeId", e.nodeId());
                values.put("connectionId", e.connectionId());
            } else if (event instanceof AuditEvent.PushAcked e) {
                values.put("nodeId", e.nodeId());
                values.put("connectionId", e.connectionId());
            } else if (event instanceof AuditEvent.Nacked e) {
                values.put("nodeId", e.nodeId());
                values.put("connectionId", e.connectionId());
            } else if (event instanceof AuditEvent.PushRemoved e) {
                values.put("reason", e.reason());
            } else if (event instanceof AuditEvent.Cancelled e) {
                values.put("requestId", e.requestId());
            }
        }
        return values;
    }
}
