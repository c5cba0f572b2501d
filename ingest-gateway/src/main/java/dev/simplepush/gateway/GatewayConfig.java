package dev.simplepush.gateway;

import dev.simplepush.schemas.TopicLayout;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.audit.AuditSettings;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.config.KafkaSettings;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.config.TlsSettings;
import dev.simplepush.gateway.webpush.WebPushSettings;
import dev.simplepush.schemas.token.EndpointTokens;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the ingest gateway needs, read once at start-up and validated here so that a bad
 * setting fails fast with the key and its environment variable in the message.
 *
 * @param gatewayId    {@code gateway.id}, default 0: this instance's partition of
 *                     {@code gateway-replies}; must be below {@code topics.max.gateways}, and
 *                     unique among running gateways
 * @param listenHost   {@code gateway.listen.host}, default {@code 0.0.0.0}: the address to bind
 * @param listenPort   {@code gateway.listen.port}, default 8081: the HTTP port; 0 picks a free
 *                     one (see {@link GatewayService#port()})
 * @param replyTimeout {@code gateway.reply.timeout}, default 5s: how long to wait for the outcome
 *                     after the write is durable; past it the PUT gets {@code storedStatus}
 * @param maxBodyBytes {@code gateway.max.body.bytes}, default 16384: larger bodies get 413
 *                     (spec §9.3); at least 3 × {@code maxDataBytes} + 64 so percent-encoded
 *                     data always fits
 * @param maxDataBytes {@code gateway.max.data.bytes}, default 4096: the most UTF-8 bytes of
 *                     {@code data} (spec §9.6)
 * @param storedStatus {@code gateway.stored.status}, default 202: the answer for an update stored
 *                     for an offline device, 200 or 202 (spec §9.8)
 * @param cors         {@code gateway.cors}, default false: add CORS headers to OPTIONS and PUT
 *                     responses (spec §9.2)
 * @param tokenKeys    {@code token.keys}, default empty: base64url AES keys, the first encrypts
 *                     and all decrypt (spec §10.3); empty means one is generated at start-up,
 *                     which only works if nothing else issues endpoints
 * @param kafka        {@code kafka.bootstrap.servers} and {@code kafka.client.*}
 * @param layout       {@code topics.*} partition counts and replication
 * @param topics       topic names, with {@code topics.prefix}
 * @param audit        {@code audit.enabled}, default true: write an {@code accepted} record to
 *                     the {@code audit} topic for every PUT that passed validation, once answered
 * @param auditLinger  {@code gateway.audit.linger} (default 50ms, at most 1s): the {@code linger.ms}
 *                     of the producer that writes those records; nobody waits for them, so they
 *                     wait to share a request to the broker
 * @param tls          {@code gateway.tls.keystore} (default empty: plain HTTP) and
 *                     {@code gateway.tls.keystore.password}: a PKCS12 keystore turns the listener
 *                     into HTTPS (spec §1.3); endpoints then start with {@code https://}, which
 *                     the nodes' {@code node.endpoint.base} must say
 * @param putRate      {@code gateway.put.rate} (default 0 = off) and {@code gateway.put.burst}
 *                     (default 10): a token bucket per endpoint (uaid and channel), refilled at
 *                     this many PUTs per second up to the burst; a PUT finding it empty gets 429
 *                     with {@code Retry-After} and is not written
 * @param accessLog    {@code gateway.access.log}, default false: one line per request on the
 *                     SLF4J logger {@code simplepush.access} (tokens cut to a short prefix)
 * @param webPush      {@code gateway.endpoint.base} and {@code webpush.*}: RFC 8030 POST, DELETE of a
 *                     message and VAPID ({@link WebPushSettings}), on unless {@code webpush.enabled}
 *                     is false; a POST's body is capped by {@code webpush.max.payload}, not
 *                     {@code gateway.max.body.bytes}
 * @param http         {@code gateway.request.*.timeout}, {@code gateway.idle.timeout},
 *                     {@code gateway.max.connections} and the request-head bounds: see
 *                     {@link HttpLimits}
 * @param broadcasts   {@code broadcast.tokens} and {@code broadcast.reader.tokens}: the
 *                     Megaphone-compatible broadcast API ({@link BroadcastApiSettings}); off
 *                     (its paths 404) while no broadcaster has a token
 */
public record GatewayConfig(
        int gatewayId,
        String listenHost,
        int listenPort,
        Duration replyTimeout,
        int maxBodyBytes,
        int maxDataBytes,
        int storedStatus,
        boolean cors,
        List<String> tokenKeys,
        KafkaSettings kafka,
        TopicLayout layout,
        Topics topics,
        AuditSettings audit,

        TlsSettings tls,
        RateLimit putRate,
        boolean accessLog,
        WebPushSettings webPush,
        HttpLimits http,
        BroadcastApiSettings broadcasts,
        Duration auditLinger) {

    public static final String GATEWAY_ID = "gateway.id";
    public static final String AUDIT_LINGER = "gateway.audit.linger";
    public static final Duration DEFAULT_AUDIT_LINGER = Duration.ofMillis(50);
    /** Ours, not Kafka's: at any real rate batches fill long before, and a crash loses what lingers. */
    public static final Duration MAX_AUDIT_LINGER = Duration.ofSeconds(1);
    public static final String LISTEN_HOST = "gateway.listen.host";
    public static final String LISTEN_PORT = "gateway.listen.port";
    public static final String REPLY_TIMEOUT = "gateway.reply.timeout";
    public static final String MAX_BODY_BYTES = "gateway.max.body.bytes";
    public static final String MAX_DATA_BYTES = "gateway.max.data.bytes";
    public static final String STORED_STATUS = "gateway.stored.status";
    public static final String CORS = "gateway.cors";
    public static final String TLS_KEYSTORE = "gateway.tls.keystore";
    public static final String TLS_KEYSTORE_PASSWORD = "gateway.tls.keystore.password";
    public static final String PUT_RATE = "gateway.put.rate";
    public static final String PUT_BURST = "gateway.put.burst";
    public static final int DEFAULT_PUT_BURST = 10;
    public static final String ACCESS_LOG = "gateway.access.log";
    public static final int DEFAULT_MAX_BODY_BYTES = 16_384;

    /** A body cap far above any sane PUT; it bounds the memory one request may hold. */
    static final int MAX_BODY_LIMIT = 64 * 1024 * 1024;

    public GatewayConfig {
        Objects.requireNonNull(listenHost, LISTEN_HOST);
        Objects.requireNonNull(replyTimeout, REPLY_TIMEOUT);
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(tls, TLS_KEYSTORE);
        Objects.requireNonNull(putRate, PUT_RATE);
        Objects.requireNonNull(webPush, "webPush");
        Objects.requireNonNull(http, "http");
        broadcasts = broadcasts == null ? BroadcastApiSettings.OFF : broadcasts;
        auditLinger = auditLinger == null ? DEFAULT_AUDIT_LINGER : auditLinger;
        if (auditLinger.isNegative() || auditLinger.compareTo(MAX_AUDIT_LINGER) > 0) {
            throw new IllegalConfigurationException(AUDIT_LINGER, auditLinger + " is not between 0 and "
                    + MAX_AUDIT_LINGER);
        }
        tokenKeys = List.copyOf(tokenKeys);
        if (gatewayId < 0 || gatewayId >= layout.maxGateways()) {
            throw new IllegalConfigurationException(GATEWAY_ID, gatewayId + " is not between 0 and "
                    + (layout.maxGateways() - 1) + " (topics.max.gateways is " + layout.maxGateways() + ")");
        }
        if (listenHost.isBlank()) {
            throw new IllegalConfigurationException(LISTEN_HOST, "must not be empty");
        }
        if (listenPort < 0 || listenPort > 65_535) {
            throw new IllegalConfigurationException(LISTEN_PORT, listenPort + " is not between 0 and 65535");
        }
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalConfigurationException(REPLY_TIMEOUT, "must be positive");
        }
        if (maxDataBytes < 0) {
            throw new IllegalConfigurationException(MAX_DATA_BYTES, "must not be negative");
        }
        long minBody = 3L * maxDataBytes + 64;
        if (maxBodyBytes < minBody || maxBodyBytes > MAX_BODY_LIMIT) {
            throw new IllegalConfigurationException(MAX_BODY_BYTES, maxBodyBytes + " is not between " + minBody
                    + " (3 × " + MAX_DATA_BYTES + " + 64, so percent-encoded data fits) and " + MAX_BODY_LIMIT);
        }
        if (storedStatus != 200 && storedStatus != 202) {
            throw new IllegalConfigurationException(STORED_STATUS, storedStatus + " is neither 200 nor 202");
        }
        if (!tokenKeys.isEmpty()) {
            // Parsing names token.keys in its message; the keys themselves never appear in it.
            EndpointTokens.fromBase64(tokenKeys);
        }
    }

    public static GatewayConfig from(ConfigSource config) {
        int maxData = config.getInt(MAX_DATA_BYTES, 4096, 0, MAX_BODY_LIMIT);
        return new GatewayConfig(
                config.getInt(GATEWAY_ID, 0, 0, 10_000),
                config.getString(LISTEN_HOST, "0.0.0.0"),
                config.getInt(LISTEN_PORT, 8081, 0, 65_535),
                config.getDuration(REPLY_TIMEOUT, Duration.ofSeconds(5)),
                config.getInt(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 1, MAX_BODY_LIMIT),
                maxData,
                config.getInt(STORED_STATUS, 202, 200, 202),
                config.getBoolean(CORS, false),
                config.getList(EndpointTokens.KEYS_SETTING),
                KafkaSettings.from(config),
                TopicLayout.from(config),
                Topics.withPrefix(config.getString("topics.prefix", "")),
                AuditSettings.from(config),

                TlsSettings.from(config, TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD),
                RateLimit.from(config, PUT_RATE, PUT_BURST, DEFAULT_PUT_BURST),
                config.getBoolean(ACCESS_LOG, false),
                WebPushSettings.from(config),
                HttpLimits.from(config),
                BroadcastApiSettings.from(config),
                config.getDuration(AUDIT_LINGER, DEFAULT_AUDIT_LINGER));
    }

    /** Never prints the token keys, only how many there are. */
    @Override
    public String toString() {
        return "GatewayConfig[gatewayId=" + gatewayId + ", listen=" + listenHost + ":" + listenPort
                + ", replyTimeout=" + replyTimeout + ", maxBodyBytes=" + maxBodyBytes
                + ", maxDataBytes=" + maxDataBytes + ", storedStatus=" + storedStatus + ", cors=" + cors
                + ", tokenKeys=" + tokenKeys.size() + " key(s), bootstrap=" + kafka.bootstrapServers()
                + ", layout=" + layout + ", replies=" + topics.gatewayReplies().name() + ", audit=" + audit.enabled() + "/" + auditLinger
                + ", tls=" + tls + ", putRate=" + putRate + ", accessLog=" + accessLog + ", webPush=" + webPush
                + ", http=" + http + ", broadcasts=" + broadcasts + "]";
    }
}
