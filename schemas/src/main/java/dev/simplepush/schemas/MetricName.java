package dev.simplepush.schemas;

import java.util.List;

/**
 * Every metric our services publish, in one place, so names stay stable and documented (the
 * README's metric table lists these). Names are dotted Micrometer names; a Prometheus scrape shows
 * them as {@link #prometheusName()}. A metric has at most one tag, whose values are all listed
 * here, so services can build one meter per value up front and record without allocating.
 *
 * <p>Renaming a constant's {@link #meterName()} breaks dashboards and alerts: add a new metric
 * instead.
 */
public enum MetricName {
    NODE_CONNECTIONS("simplepush.node.connections", Type.GAUGE,
            "Open device WebSocket connections on this delivery node."),
    NODE_HELLOS("simplepush.node.hellos", Type.COUNTER, "outcome", List.of("accepted", "reset", "redirected"),
            "Hello results from streams-state: accepted (the device has its uaid) or reset (the node "
                    + "assigns a new uaid and says hello again, which is then counted as accepted); redirected "
                    + "(answered 307 by this node's balancer without asking streams-state, spec §12)."),
    NODE_REGISTERS("simplepush.node.registers", Type.COUNTER,
            "Register requests of identified devices forwarded to streams-state."),
    NODE_UNREGISTERS("simplepush.node.unregisters", Type.COUNTER,
            "Unregister requests of identified devices forwarded to streams-state."),
    NODE_ACKS("simplepush.node.acks", Type.COUNTER,
            "Ack messages with at least one update forwarded to streams-state."),
    NODE_DELIVERIES("simplepush.node.deliveries", Type.COUNTER, "outcome", List.of("delivered", "stored", "dropped"),
            "Deliver commands handled: delivered (the notification frame was written to the socket), "
                    + "stored (the connection was gone or not ready; the update stays pending) or dropped (the same "
                    + "in no-store mode, state.store.offline=false: nothing is kept)."),
    GATEWAY_PUTS("simplepush.gateway.puts", Type.COUNTER, "status",
            List.of("200", "201", "202", "204", "400", "401", "403", "404", "405", "410", "413", "503", "429"),
            "Requests the gateway answered, by HTTP status: PUTs and Web Push POSTs to /update/<token>, "
                    + "DELETEs of /m/<id>, 404 for other paths, 405 for other methods; OPTIONS is not counted."),
    GATEWAY_CONNECTIONS("simplepush.gateway.connections", Type.GAUGE,
            "HTTP connections the gateway holds open, counted from accept (so those still sending their request "
                    + "head count); gateway.max.connections caps it."),
    GATEWAY_CLIENT_ERRORS("simplepush.gateway.client.errors", Type.COUNTER, "cause",
            List.of("head_timeout", "body_timeout", "capacity", "bad_framing", "body_too_large", "uri_too_long",
                    "headers_too_large", "too_many_fields"),
            "Requests or connections the gateway turned down because of the client: head_timeout and body_timeout "
                    + "(closed: gateway.request.head.timeout, gateway.request.body.timeout), capacity (503 before "
                    + "reading: gateway.max.connections), bad_framing (400: a Content-Length that is not one number), "
                    + "body_too_large (413 and close: a declared length over gateway.max.discard.bytes; other 413s are in simplepush.gateway.puts), uri_too_long (414), headers_too_large (431) and too_many_fields (400). "
                    + "Each cause is logged once per process; the rest are only counted here."),
    GATEWAY_PUT_LATENCY("simplepush.gateway.put.latency", Type.TIMER,
            "Time from a PUT arriving at the gateway to its response being sent, whatever the status "
                    + "(histogram buckets for percentiles)."),
    STATE_ACK_ENTRIES_IGNORED("simplepush.state.ack.entries.ignored", Type.COUNTER,
            "Ack entries streams-state ignored because they matched no pending update of the device (spec §7.4; "
                    + "versions never sent, or already acked): they write nothing and no audit record. Summed over "
                    + "this instance's active tasks; a task that moves away takes its count with it."),
    STATE_PENDING("simplepush.state.pending", Type.GAUGE,
            "Unacked updates, one per channel: the pending store's approximate row count "
                    + "(RocksDB estimate) over this instance's active tasks; NaN while Streams is not running."),
    DELIVERY_LATENCY("simplepush.delivery.latency", Type.TIMER,
            "Time from the gateway accepting a PUT to the node writing its notification frame, for live "
                    + "deliveries, by two wall clocks: skew between the gateway's and the node's hosts shifts "
                    + "it, and negative spans are dropped (histogram buckets for percentiles)."),
    AUDIT_WRITE_FAILURES("simplepush.audit.write.failures", Type.COUNTER, "service", List.of("gateway", "node"),
            "Audit records a gateway or a node could not write to the audit topic (logged; the update itself "
                    + "is unaffected). streams-state writes its audit records with its other outputs."),
    NODE_UPGRADES_REFUSED("simplepush.node.upgrades.refused", Type.COUNTER, "reason",
            List.of("origin", "rate", "capacity", "draining"),
            "WebSocket upgrades the node refused before the handshake: origin (403, Origin not allowed), "
                    + "rate (429, node.connection.rate), capacity (503, node.max.connections) or draining (503, the node "
                    + "is shutting down)."),
    NODE_REDIRECTS("simplepush.node.redirects", Type.COUNTER, "outcome", List.of("redirected", "nopeer"),
            "Hellos on a node at or above node.redirect.threshold (spec §12): redirected (answered 307 with the "
                    + "least-loaded peer's URL, then closed) or nopeer (no live peer below its own threshold, so "
                    + "the hello was accepted here; never a redirect loop)."),
    WAKE_REQUESTS("simplepush.wake.requests", Type.COUNTER,
            "Wake requests (spec §11.3) the streams-state wake dispatcher read from wake-requests: one per "
                    + "offline device with wake data that got an update stored or went offline with updates pending, "
                    + "at most one per uaid per wake.min.interval."),
    WAKE_CALLS("simplepush.wake.calls", Type.COUNTER, "outcome", List.of("woken", "failed", "dropped", "unrouted"),
            "Wake-up driver calls (the driver is wake.driver, one per process): woken (the carrier or device was "
                    + "reached), failed (an attempt failed and is retried), dropped (given up after wake.retry.max "
                    + "retries) or unrouted (the driver has no target for the device, e.g. no carrier URL for its "
                    + "network)."),
    STATE_SET_ASIDE("simplepush.state.set.aside", Type.COUNTER, "failure",
            List.of("unreadable", "processing", "unwritable"),
            "Records streams-state set aside instead of letting them stop their partition: unreadable (could not "
                    + "be deserialized), processing (processing threw, e.g. a state value over state.max.record.bytes) "
                    + "or unwritable (an output over the limit was dropped). Each is logged once, audited (set_aside) "
                    + "and kept on the dead-letter topic."),
    NODE_WAKE_CLOSES("simplepush.node.wake.closes", Type.COUNTER,
            "Idle connections of devices with wake data closed with 4774 after wake.idle.timeout (spec §11.4); "
                    + "the device then waits for a wake-up instead of reconnecting."),
    NODE_WEBPUSH_CONNECTIONS("simplepush.node.webpush.connections", Type.GAUGE,
            "Open device connections on this delivery node whose hello was accepted in Web Push data mode "
                    + "(use_webpush, webpush.md W1)."),
    NODE_WEBPUSH_HELLOS("simplepush.node.webpush.hellos", Type.COUNTER,
            "Hellos accepted in Web Push data mode (use_webpush with webpush.enabled, W1.1); also counted in "
                    + "simplepush.node.hellos."),
    NODE_WEBPUSH_MESSAGES("simplepush.node.webpush.messages", Type.COUNTER,
            "Web Push notification frames (one message each, W3.1) written to data-mode devices."),
    NODE_WEBPUSH_ACKS("simplepush.node.webpush.acks", Type.COUNTER, "code", List.of("100", "101", "102", "other"),
            "Data-mode ack entries (W2.3) forwarded to streams-state, by code: 100 delivered, 101 decryption "
                    + "failed, 102 not delivered, other any other integer; entries whose message id is not the "
                    + "device's are dropped at the node and not counted."),
    NODE_WEBPUSH_NACKS("simplepush.node.webpush.nacks", Type.COUNTER, "code", List.of("301", "302", "303", "other"),
            "Nacks (W2.4) forwarded to streams-state, by code (Gecko: 301 uncaught exception, 302 unhandled "
                    + "rejection, 303 internal error; other any other value)."),
    NODE_WEBPUSH_INVALID_KEYS("simplepush.node.webpush.invalid.keys", Type.COUNTER,
            "Data-mode registers refused with status 400 Invalid key: a key that is not base64url of a 65-byte "
                    + "uncompressed P-256 point (W2.1); the socket stays open."),
    NODE_WEBPUSH_UNKNOWN_TYPES("simplepush.node.webpush.unknown.types", Type.COUNTER,
            "Messages of an unknown messageType on a data-mode socket: echo error 401 without a close (W2.5)."),
    NODE_BROADCAST_IDS("simplepush.node.broadcast.ids", Type.GAUGE,
            "Broadcast ids this node knows a version of, read from the broadcasts topic (webpush.md W6)."),
    NODE_BROADCAST_CHANGES("simplepush.node.broadcast.changes", Type.COUNTER,
            "Broadcast versions this node read that changed its table: each one is fanned out to the subscribed "
                    + "connections."),
    NODE_BROADCAST_SUBSCRIBERS("simplepush.node.broadcast.subscribers", Type.GAUGE, "broadcast",
            List.of("remote-settings/monitor_changes"),
            "Connections subscribed to a broadcast, one series per id the node knows a version of (the tag's "
                    + "values are the ids operators set, never ids devices send; the one listed is an example)."),
    NODE_BROADCAST_SUBSCRIPTIONS("simplepush.node.broadcast.subscriptions", Type.GAUGE,
            "Broadcast subscriptions held by this node's connections, known ids or not."),
    NODE_BROADCAST_SUBSCRIPTIONS_REFUSED("simplepush.node.broadcast.subscriptions.refused", Type.COUNTER,
            "Broadcast ids a device asked for that were ignored: longer than node.max.broadcast.id.length, or past "
                    + "node.max.broadcasts.per.connection on the connection."),
    NODE_BROADCAST_FRAMES("simplepush.node.broadcast.frames", Type.COUNTER,
            "broadcast frames written to devices: answers to broadcast_subscribe and changes fanned out (the hello "
                    + "reply's broadcasts are not counted)."),
    NODE_BROADCAST_FANOUT("simplepush.node.broadcast.fanout", Type.TIMER,
            "Time from a broadcast change being read to the last subscribed connection having handled it "
                    + "(its frame queued on the socket), in chunks of node.broadcast.fanout.chunk connections paced to "
                    + "node.broadcast.fanout.rate a second."),
    GATEWAY_BROADCAST_REQUESTS("simplepush.gateway.broadcast.requests", Type.COUNTER, "status",
            List.of("200", "201", "400", "401", "403", "404", "503"),
            "Requests to the broadcast API (/v1/broadcasts, Megaphone-compatible), by HTTP status."),
    GATEWAY_WEBPUSH_POSTS("simplepush.gateway.webpush.posts", Type.COUNTER, "outcome",
            List.of("created", "crypto_keys_missing", "invalid_token", "payload_too_large", "subscription_gone",
                    "vapid_unauthorized", "vapid_forbidden", "invalid_encoding", "ttl_missing", "ttl_invalid",
                    "topic_invalid", "urgency_invalid", "too_many_requests", "storage_unavailable"),
            "Web Push POSTs the gateway answered (spec W7.2): created (201) or the error kind, each of which is one "
                    + "status and errno (docs/webpush.md)."),
    GATEWAY_WEBPUSH_PAYLOAD_BYTES("simplepush.gateway.webpush.payload.bytes", Type.COUNTER,
            "Body bytes of the Web Push POSTs the gateway accepted (201)."),
    GATEWAY_VAPID_FAILURES("simplepush.gateway.vapid.failures", Type.COUNTER, "rule",
            List.of("header", "key", "token", "algorithm", "signature", "audience", "expiry_missing", "expired",
                    "expiry_too_far", "subject_missing", "subject_invalid", "required", "key_mismatch"),
            "Web Push POSTs refused for VAPID (spec W5, errno 109), by the rule that failed (docs/webpush.md); "
                    + "key_mismatch is the 403 of a restricted subscription, every other rule a 401."),
    GATEWAY_VAPID_CHECKS("simplepush.gateway.vapid.checks", Type.COUNTER, "source", List.of("verified", "cached"),
            "VAPID JWTs accepted: verified (the ECDSA signature was checked) or cached (the same key and JWT "
                    + "passed before and have not expired, webpush.vapid.cache.size)."),
    NODE_CLIENT_ERRORS("simplepush.node.client.errors", Type.COUNTER, "cause",
            List.of("frame", "read_timeout", "write_timeout", "outbound_full", "message_rate", "ack_size",
                    "queue_full"),
            "Device sockets closed for what the device did: frame (a header breaking RFC 6455 §5.2, close 1002), "
                    + "read_timeout (a frame left half sent for node.frame.read.timeout), write_timeout (a frame "
                    + "not written within node.write.timeout: the device does not read), outbound_full (more than "
                    + "node.max.outbound.bytes queued to it), message_rate (over node.message.rate, close 1008) or "
                    + "ack_size (an ack above node.max.ack.updates entries, echo 401) or queue_full (more than "
                    + "node.max.queued.messages sent while a request waited, close 1008). Each cause is logged once."),
    STATE_WEBPUSH_PENDING("simplepush.state.webpush.pending", Type.GAUGE,
            "Pending Web Push messages (spec W7.2): the push-messages store's approximate row count (RocksDB "
                    + "estimate) over this instance's active tasks; NaN while Streams is not running."),
    STATE_WEBPUSH_BODY_BYTES("simplepush.state.webpush.body.bytes", Type.COUNTER, "change", List.of("added", "removed"),
            "Body bytes of Web Push messages streams-state stored (added) and dropped from pending (removed, for "
                    + "any reason): their difference over a window is the change in pending bytes (spec W7.2). Summed "
                    + "over this instance's active tasks."),
    STATE_WEBPUSH_ROUTED("simplepush.state.webpush.routed", Type.COUNTER, "route",
            List.of("node", "stored", "unknown", "over_cap", "dropped", "as_version"),
            "What streams-state decided for a Web Push POST or a PUT to a data-mode device (audit push_routed): "
                    + "node (sent live), stored, unknown (410), over_cap (429, webpush.max.pending.*), dropped (TTL 0, "
                    + "no data-mode connection) or as_version (a SimplePush-mode device got a version update)."),
    STATE_WEBPUSH_ACKS("simplepush.state.webpush.acks", Type.COUNTER, "code", List.of("100", "101", "102", "other"),
            "Web Push ack entries by code (spec W2.3): 100 delivered, 101 decryption failed, 102 not delivered."),
    STATE_WEBPUSH_NACKS("simplepush.state.webpush.nacks", Type.COUNTER, "code", List.of("301", "302", "303", "other"),
            "Nacks by code (spec W2.4; Gecko: 301 uncaught exception, 302 unhandled rejection, 303 internal error)."),
    STATE_WEBPUSH_REMOVED("simplepush.state.webpush.removed", Type.COUNTER, "reason",
            List.of("acked", "expired", "replaced", "cancelled", "unregistered", "reset", "converted"),
            "Web Push messages dropped from pending, by reason: acked, expired (TTL), replaced (topic or newer "
                    + "version), cancelled (DELETE), unregistered, reset (uaid dropped) or converted (the device "
                    + "said hello in SimplePush mode: kept as a version update instead).");

    /** The kind of meter, which decides the Prometheus suffix. */
    public enum Type {
        COUNTER,
        GAUGE,
        TIMER
    }

    private final String meterName;
    private final Type type;
    private final String tagKey;
    private final List<String> tagValues;
    private final String description;

    MetricName(String meterName, Type type, String description) {
        this(meterName, type, null, List.of(), description);
    }

    MetricName(String meterName, Type type, String tagKey, List<String> tagValues, String description) {
        this.meterName = meterName;
        this.type = type;
        this.tagKey = tagKey;
        this.tagValues = tagValues;
        this.description = description;
    }

    /** The dotted Micrometer name, e.g. {@code simplepush.node.hellos}. */
    public String meterName() {
        return meterName;
    }

    public Type type() {
        return type;
    }

    /** The one tag's key, or null for an untagged metric. */
    public String tagKey() {
        return tagKey;
    }

    /** Every value the tag takes; empty for an untagged metric. */
    public List<String> tagValues() {
        return tagValues;
    }

    public String description() {
        return description;
    }

    /**
     * The name in a Prometheus scrape: dots become underscores, counters end in {@code _total},
     * timers in {@code _seconds} (followed by {@code _count}, {@code _sum}, {@code _bucket}, and a
     * {@code _seconds_max} gauge).
     */
    public String prometheusName() {
        String base = meterName.replace('.', '_');
        return switch (type) {
            case COUNTER -> base + "_total";
            case TIMER -> base + "_seconds";
            case GAUGE -> base;
        };
    }
}
