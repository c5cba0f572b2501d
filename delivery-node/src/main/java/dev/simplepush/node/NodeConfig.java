package dev.simplepush.node;

import dev.simplepush.node.broadcast.BroadcastSettings;
import dev.simplepush.node.connection.ConnectionSettings;
import dev.simplepush.node.transport.AllowedOrigins;
import dev.simplepush.node.transport.TransportLimits;
import dev.simplepush.schemas.NodeHeartbeats;
import dev.simplepush.schemas.TopicLayout;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.audit.AuditSettings;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import dev.simplepush.schemas.config.KafkaSettings;
import dev.simplepush.schemas.config.RateLimit;
import dev.simplepush.schemas.config.TlsSettings;
import dev.simplepush.schemas.token.EndpointTokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a delivery node. Each key can also be set by the environment variable
 * {@code SIMPLEPUSH_<KEY_IN_UPPER_CASE_WITH_UNDERSCORES>} (e.g. {@code SIMPLEPUSH_NODE_ID}).
 *
 * @param kafka             {@code kafka.bootstrap.servers} (default {@code localhost:9092}) and
 *                          {@code kafka.client.*} pass-through client properties
 * @param layout            {@code topics.*}: partition counts and replication of the topics
 * @param topics            topic names, with the optional {@code topics.prefix} (default none)
 * @param tokenKeys         {@code token.keys}: comma-separated base64url AES keys for endpoint
 *                          tokens, first one encrypts; the same list as the gateways'. Empty
 *                          (default): a key is generated at start-up, with a warning
 * @param nodeId            {@code node.id} (default 0): this node's partition of
 *                          {@code node-commands}; unique per running node, below
 *                          {@code topics.max.nodes}
 * @param listenHost        {@code node.listen.host} (default {@code 0.0.0.0}): WebSocket listen address
 * @param listenPort        {@code node.listen.port} (default 8080; 0 picks a free port)
 * @param endpointBase      {@code node.endpoint.base} (default {@code http://localhost:8081}): the
 *                          gateway's public URL that push endpoints start with, without a trailing
 *                          slash (spec §10.5); use {@code https://} in production
 * @param maxMessageBytes   {@code node.max.message.bytes} (default 1 MiB, at least 256 KiB): a larger
 *                          text message closes its socket with 1009 (spec §1.5)
 * @param maxQueuedMessages {@code node.max.queued.messages} (default 100): messages a device may send
 *                          while a request of its waits for streams-state; more closes with 1008
 * @param helloTimeout      {@code node.hello.timeout} (default 30s; 0 = off): a socket without a
 *                          completed hello by then is closed (spec §3.7)
 * @param minPingInterval   {@code node.min.ping.interval} (default 20s; 0 = off): a ping sooner
 *                          than this after the last answered one gets 401 and a close (spec §8.3)
 * @param requestTimeout    {@code node.request.timeout} (default 10s): how long a hello, register or
 *                          unregister waits for streams-state before the device gets 503
 * @param longPongs         {@code node.long.pongs} (default false; spec §14 {@code long_pongs}): a
 *                          ping is answered with {@code {"messageType":"ping","status":200}}
 *                          instead of {@code {}} (spec §8.2); a purge still gets {@code {}}
 * @param allowedOrigins    {@code node.allowed.origins} (default empty = any; spec §14
 *                          {@code ws.allowed_origins}): comma-separated origins such as
 *                          {@code https://app.example.net,http://localhost:3000}. When set, an
 *                          upgrade whose {@code Origin} (or hybi-07/08 {@code Sec-WebSocket-Origin})
 *                          does not match one entry's scheme, host and port (a missing port is the
 *                          scheme's default: 80 for http/ws, 443 for https/wss), or that has no
 *                          {@code Origin}, gets HTTP 403 and no WebSocket (spec §1.7)
 * @param maxConnections    {@code node.max.connections} (default: derived from the process's
 *                          open-file limit less {@code node.fd.reserve}; 0 = unlimited; spec §14
 *                          {@code max_connections}): with this many sockets open on the WebSocket
 *                          listener (WebSockets and sockets still sending their request head
 *                          alike), a new upgrade gets HTTP 503 and no WebSocket; a little above it
 *                          the listener stops accepting until sockets close
 * @param fdReserve         {@code node.fd.reserve} (default 1024): file descriptors the default
 *                          {@code node.max.connections} leaves to everything else in the process:
 *                          Kafka clients, jars, logs; dev mode passes a larger one for its broker
 * @param transport         {@code node.request.head.timeout} (default 10s; 0 = never): how long a
 *                          connection may take to send its upgrade request head, or wait before
 *                          starting one; {@code node.frame.read.timeout} (default 30s; 0 = never):
 *                          how long a frame may stay half received; {@code node.max.outbound.bytes}
 *                          (default 2 MiB, at least {@code node.max.message.bytes}) and
 *                          {@code node.write.timeout} (default 30s; 0 = never): what may wait to
 *                          be written to a device, and for how long, before its socket is dropped
 *                          (its updates stay pending)
 * @param messageRate       {@code node.message.rate} (default 50 per second; 0 = off) and
 *                          {@code node.message.burst} (default 1000): a token bucket per
 *                          connection; a message takes one token plus one per 16 KiB, and one
 *                          finding too few closes the socket with 1008
 * @param maxAckUpdates     {@code node.max.ack.updates} (default 500, the spec's
 *                          {@code max_channels_per_uaid}): an ack with more entries gets echo
 *                          error 401 and a close
 * @param heartbeatTopic    {@code node-heartbeats} with {@code topics.prefix}: where this node says
 *                          it is alive
 * @param heartbeatInterval {@code node.heartbeat.interval} (default 1s): how often; streams-state
 *                          judges a node dead after {@code state.node.dead.after} (default 6s)
 *                          without one, so keep this several times shorter
 * @param drainTimeout      {@code node.drain.timeout} (default 10s): on shutdown (SIGTERM), how
 *                          long the node waits for its sockets to close and their disconnects to be
 *                          sent before it stops anyway
 * @param producerLinger    {@code node.producer.linger} (default 5ms, at most 1s): the {@code linger.ms}
 *                          of the producer that writes the node's replies to gateways, device events
 *                          (acks, hellos, registers) and audit records: each waits up to this long
 *                          for others to share its request to the broker. None of them is on the
 *                          way from a PUT to the device; at 1,000 updates/s 5 ms cut this
 *                          producer's requests by about two thirds (docs/performance.md,
 *                          "Producer lingers")
 * @param audit             {@code audit.enabled} (default true): write a {@code delivered} record to
 *                          the {@code audit} topic for each update written to a device, and a
 *                          {@code push_delivered} record for each Web Push message
 * @param tls               {@code node.tls.keystore} (default empty: plain {@code ws://}) and
 *                          {@code node.tls.keystore.password}: a PKCS12 keystore turns the listener
 *                          into {@code wss://} (spec §1.3). Endpoint URLs still come from
 *                          {@code endpointBase}, which names the gateway's public URL
 * @param connectionRate    {@code node.connection.rate} (default 0 = off) and
 *                          {@code node.connection.burst} (default 20): a token bucket per remote
 *                          address, refilled at this many upgrades per second up to the burst; an
 *                          upgrade finding it empty gets HTTP 429 with {@code Retry-After} and no
 *                          WebSocket. The address is the TCP peer's: behind a proxy or load
 *                          balancer that does not keep client addresses, every device shares one
 * @param redirectThreshold {@code node.redirect.threshold} (default 0 = off; spec §12): with this
 *                          many connections that completed a hello, a new device's first hello is
 *                          answered 307 with the URL of the least loaded live peer below its own
 *                          threshold, then closed; with no such peer it is accepted. Above 0 the
 *                          node also publishes its load to {@code node-load} and reads its peers'
 * @param loadInterval      {@code node.load.interval} (default 1s): how often the load is
 *                          published; peers' reports older than three intervals are ignored
 * @param publicUrl         {@code node.public.url} (default empty: {@code ws://} or {@code wss://}
 *                          by TLS, then {@code node.listen.host}, the bound port and {@code /}):
 *                          the WebSocket URL other nodes redirect devices to; set it to the
 *                          address devices can reach when the listen host is {@code 0.0.0.0}
 * @param wakeDriver        {@code wake.driver} (default {@code none}), shared with streams-state,
 *                          which runs the driver: the node only needs to know whether there is one
 * @param wakeIdleTimeout   {@code wake.idle.timeout} (default 0 = never; spec §14
 *                          {@code wake_idle_timeout}): with a driver, a socket that completed a
 *                          hello with well-formed wake data and has carried no frame either way for
 *                          this long is closed with 4774, after which Gecko waits for a wake-up
 *                          (spec §11.4). Positive with {@code wake.driver=none} is a start-up error
 * @param bufferSize        {@code node.buffer.size} (default 1024 bytes, at least 512): size of the
 *                          WebSocket listener's pooled I/O buffers (direct memory). Every open
 *                          WebSocket holds one read buffer even while idle, so this is native
 *                          memory per connection; larger messages are read in several buffers
 * @param webPushEnabled    {@code webpush.enabled} (default true; webpush.md W1.1): a hello with
 *                          {@code use_webpush: true} puts its connection in Web Push data mode.
 *                          False answers every hello in SimplePush mode (no {@code use_webpush}
 *                          in the reply), so Firefox falls back to its legacy path
 * @param broadcasts        {@code node.max.broadcasts.per.connection}, {@code node.max.broadcast.id.length}
 *                          and {@code node.broadcast.fanout.chunk}: see {@link BroadcastSettings}
 */
public record NodeConfig(
        KafkaSettings kafka,
        TopicLayout layout,
        Topics topics,
        List<String> tokenKeys,
        int nodeId,
        String listenHost,
        int listenPort,
        String endpointBase,
        int maxMessageBytes,
        int maxQueuedMessages,
        Duration helloTimeout,
        Duration minPingInterval,
        Duration requestTimeout,
        boolean longPongs,
        List<String> allowedOrigins,
        int maxConnections,
        String heartbeatTopic,
        Duration heartbeatInterval,
        Duration drainTimeout,
        AuditSettings audit,

        TlsSettings tls,
        RateLimit connectionRate,
        int redirectThreshold,
        Duration loadInterval,
        String publicUrl,
        String wakeDriver,
        Duration wakeIdleTimeout,
        int bufferSize,
        int fdReserve,
        TransportLimits transport,
        RateLimit messageRate,
        int maxAckUpdates,
        boolean webPushEnabled,
        BroadcastSettings broadcasts,
        Duration producerLinger) {

    public static final String NODE_ID = "node.id";
    public static final String LISTEN_HOST = "node.listen.host";
    public static final String LISTEN_PORT = "node.listen.port";
    public static final String ENDPOINT_BASE = "node.endpoint.base";
    public static final String MAX_MESSAGE_BYTES = "node.max.message.bytes";
    public static final String MAX_QUEUED_MESSAGES = "node.max.queued.messages";
    public static final String HELLO_TIMEOUT = "node.hello.timeout";
    public static final String MIN_PING_INTERVAL = "node.min.ping.interval";
    public static final String REQUEST_TIMEOUT = "node.request.timeout";
    public static final String LONG_PONGS = "node.long.pongs";
    public static final String ALLOWED_ORIGINS = "node.allowed.origins";
    public static final String MAX_CONNECTIONS = "node.max.connections";
    public static final String HEARTBEAT_INTERVAL = "node.heartbeat.interval";
    public static final String DRAIN_TIMEOUT = "node.drain.timeout";
    public static final String PRODUCER_LINGER = "node.producer.linger";
    /** Ours, not Kafka's: every reply, ack, hello and register waits up to the linger. */
    public static final Duration MAX_PRODUCER_LINGER = Duration.ofSeconds(1);
    public static final Duration DEFAULT_PRODUCER_LINGER = Duration.ofMillis(5);
    public static final String TLS_KEYSTORE = "node.tls.keystore";
    public static final String TLS_KEYSTORE_PASSWORD = "node.tls.keystore.password";
    public static final String CONNECTION_RATE = "node.connection.rate";
    public static final String CONNECTION_BURST = "node.connection.burst";
    public static final int DEFAULT_CONNECTION_BURST = 20;
    public static final String REDIRECT_THRESHOLD = "node.redirect.threshold";
    public static final String LOAD_INTERVAL = "node.load.interval";
    public static final String PUBLIC_URL = "node.public.url";
    /** Peers' load reports older than this many intervals are ignored. */
    public static final int STALE_LOAD_INTERVALS = 3;
    public static final String WAKE_DRIVER = "wake.driver";
    public static final String WAKE_IDLE_TIMEOUT = "wake.idle.timeout";
    public static final String BUFFER_SIZE = "node.buffer.size";
    /** Small: every open WebSocket keeps one read buffer, even when idle. */
    public static final int DEFAULT_BUFFER_SIZE = 1024;
    public static final int MIN_BUFFER_SIZE = 512;

    public static final String FD_RESERVE = "node.fd.reserve";
    public static final int DEFAULT_FD_RESERVE = 1024;
    public static final String REQUEST_HEAD_TIMEOUT = "node.request.head.timeout";
    public static final String FRAME_READ_TIMEOUT = "node.frame.read.timeout";
    public static final String MAX_OUTBOUND_BYTES = "node.max.outbound.bytes";
    public static final String WRITE_TIMEOUT = "node.write.timeout";
    public static final String MESSAGE_RATE = "node.message.rate";
    public static final String MESSAGE_BURST = "node.message.burst";
    /** Far above a real device: Gecko acks each update of a flush (at most 500) in its own message. */
    public static final double DEFAULT_MESSAGE_RATE = 50;
    public static final int DEFAULT_MESSAGE_BURST = 1000;
    public static final String MAX_ACK_UPDATES = "node.max.ack.updates";
    /** Spec §14 {@code max_channels_per_uaid}: a device cannot have more updates pending than channels. */
    public static final int DEFAULT_MAX_ACK_UPDATES = 500;
    public static final String WEBPUSH_ENABLED = "webpush.enabled";

    /** Spec §1.5: messages of at least this size must be accepted. */
    public static final int MIN_MESSAGE_BYTES = 256 * 1024;

    public NodeConfig {
        tokenKeys = List.copyOf(tokenKeys);
        if (!tokenKeys.isEmpty()) {
            EndpointTokens.fromBase64(tokenKeys); // fails fast on a malformed key
        }
        if (nodeId < 0 || nodeId >= layout.maxNodes()) {
            throw new IllegalConfigurationException(NODE_ID, nodeId + " must be between 0 and "
                    + (layout.maxNodes() - 1) + " (topics.max.nodes is " + layout.maxNodes() + ")");
        }
        if (listenHost == null || listenHost.isBlank()) {
            throw new IllegalConfigurationException(LISTEN_HOST, "must not be empty");
        }
        if (listenPort < 0 || listenPort > 65_535) {
            throw new IllegalConfigurationException(LISTEN_PORT, listenPort + " is not a port (0 picks a free one)");
        }
        if (!isEndpointBase(endpointBase)) {
            throw new IllegalConfigurationException(ENDPOINT_BASE,
                    "'" + endpointBase + "' must be an http:// or https:// URL without a trailing slash");
        }
        if (maxMessageBytes < MIN_MESSAGE_BYTES) {
            throw new IllegalConfigurationException(MAX_MESSAGE_BYTES, maxMessageBytes + " is below "
                    + MIN_MESSAGE_BYTES + " (256 KiB must be accepted)");
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalConfigurationException(MAX_QUEUED_MESSAGES, "must be at least 1");
        }
        requireNotNegative(HELLO_TIMEOUT, helloTimeout);
        requireNotNegative(MIN_PING_INTERVAL, minPingInterval);
        if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new IllegalConfigurationException(REQUEST_TIMEOUT, "must be positive");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        try {
            AllowedOrigins.of(allowedOrigins);
        } catch (IllegalArgumentException e) {
            throw new IllegalConfigurationException(ALLOWED_ORIGINS, e.getMessage());
        }
        if (maxConnections < 0) {
            throw new IllegalConfigurationException(MAX_CONNECTIONS, "must not be negative (0 means unlimited)");
        }
        if (heartbeatTopic == null || heartbeatTopic.isBlank()) {
            throw new IllegalArgumentException("heartbeatTopic must not be empty");
        }
        if (heartbeatInterval == null || heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
            throw new IllegalConfigurationException(HEARTBEAT_INTERVAL, "must be positive");
        }
        requireNotNegative(DRAIN_TIMEOUT, drainTimeout);
        requireNotNegative(PRODUCER_LINGER, producerLinger);
        if (producerLinger.compareTo(MAX_PRODUCER_LINGER) > 0) {
            throw new IllegalConfigurationException(PRODUCER_LINGER, producerLinger + " is longer than "
                    + MAX_PRODUCER_LINGER);
        }
        if (tls == null) {
            throw new IllegalConfigurationException(TLS_KEYSTORE, "missing TLS settings");
        }
        if (connectionRate == null) {
            throw new IllegalConfigurationException(CONNECTION_RATE, "missing");
        }
        if (redirectThreshold < 0) {
            throw new IllegalConfigurationException(REDIRECT_THRESHOLD, "must not be negative (0 turns redirects off)");
        }
        if (loadInterval == null || loadInterval.isZero() || loadInterval.isNegative()) {
            throw new IllegalConfigurationException(LOAD_INTERVAL, "must be positive");
        }
        publicUrl = publicUrl == null ? "" : publicUrl.trim();
        if (!publicUrl.isEmpty() && !isWebSocketUrl(publicUrl)) {
            throw new IllegalConfigurationException(PUBLIC_URL, "'" + publicUrl + "' must be a ws:// or wss:// URL");
        }
        wakeDriver = wakeDriver == null || wakeDriver.isBlank() ? "none" : wakeDriver.trim();
        requireNotNegative(WAKE_IDLE_TIMEOUT, wakeIdleTimeout);
        if (!wakeIdleTimeout.isZero() && "none".equalsIgnoreCase(wakeDriver)) {
            // Spec §11.4: a device closed with 4774 waits for a wake-up that nothing would send.
            throw new IllegalConfigurationException(WAKE_IDLE_TIMEOUT, "must be 0 while " + WAKE_DRIVER
                    + " is none: 4774 makes a device wait for a wake-up, and without a driver none would come");
        }
        if (bufferSize < MIN_BUFFER_SIZE) {
            throw new IllegalConfigurationException(BUFFER_SIZE, bufferSize + " is below " + MIN_BUFFER_SIZE);
        }
        if (fdReserve < 0) {
            throw new IllegalConfigurationException(FD_RESERVE, "must not be negative");
        }
        if (transport == null) {
            throw new IllegalConfigurationException(REQUEST_HEAD_TIMEOUT, "missing transport limits");
        }
        if (transport.maxOutboundBytes() < maxMessageBytes) {
            throw new IllegalConfigurationException(MAX_OUTBOUND_BYTES, transport.maxOutboundBytes()
                    + " is below " + MAX_MESSAGE_BYTES + " (" + maxMessageBytes + "): an echo error must fit");
        }
        if (transport.maxConnections() != maxConnections) {
            transport = transport.withMaxConnections(maxConnections);
        }
        if (messageRate == null) {
            throw new IllegalConfigurationException(MESSAGE_RATE, "missing");
        }
        if (maxAckUpdates < 1) {
            throw new IllegalConfigurationException(MAX_ACK_UPDATES, "must be at least 1");
        }
        broadcasts = broadcasts == null ? BroadcastSettings.DEFAULT : broadcasts;
    }

    /** As {@link #from(ConfigSource)}, with the open-file limit given instead of read from the process. */
    public static NodeConfig from(ConfigSource config, long fileDescriptorLimit) {
        int fdReserve = config.getInt(FD_RESERVE, DEFAULT_FD_RESERVE, 0, Integer.MAX_VALUE);
        int maxConnections = config.getInt(MAX_CONNECTIONS,
                FileDescriptorLimit.defaultMaxConnections(fileDescriptorLimit, fdReserve), 0, Integer.MAX_VALUE);
        return from(config, maxConnections, fdReserve);
    }

    /**
     * The settings of {@code config}, over the defaults; {@code node.max.connections} defaults to
     * what the process's open-file limit allows after {@code node.fd.reserve}.
     */
    public static NodeConfig from(ConfigSource config) {
        return from(config, FileDescriptorLimit.ofThisProcess());
    }

    private static NodeConfig from(ConfigSource config, int maxConnections, int fdReserve) {
        String endpointBase = config.getString(ENDPOINT_BASE, "http://localhost:8081");
        while (endpointBase.endsWith("/")) {
            endpointBase = endpointBase.substring(0, endpointBase.length() - 1);
        }
        return new NodeConfig(
                KafkaSettings.from(config),
                TopicLayout.from(config),
                Topics.withPrefix(config.getString("topics.prefix", "")),
                config.getList(EndpointTokens.KEYS_SETTING),
                config.getInt(NODE_ID, 0, 0, Integer.MAX_VALUE),
                config.getString(LISTEN_HOST, "0.0.0.0"),
                config.getInt(LISTEN_PORT, 8080, 0, 65_535),
                endpointBase,
                config.getInt(MAX_MESSAGE_BYTES, 1024 * 1024, MIN_MESSAGE_BYTES, Integer.MAX_VALUE),
                config.getInt(MAX_QUEUED_MESSAGES, 100, 1, Integer.MAX_VALUE),
                config.getDuration(HELLO_TIMEOUT, Duration.ofSeconds(30)),
                config.getDuration(MIN_PING_INTERVAL, Duration.ofSeconds(20)),
                config.getDuration(REQUEST_TIMEOUT, Duration.ofSeconds(10)),
                config.getBoolean(LONG_PONGS, false),
                config.getList(ALLOWED_ORIGINS),
                maxConnections,
                NodeHeartbeats.topic(config.getString("topics.prefix", "")).name(),
                config.getDuration(HEARTBEAT_INTERVAL, Duration.ofSeconds(1)),
                config.getDuration(DRAIN_TIMEOUT, Duration.ofSeconds(10)),
                AuditSettings.from(config),

                TlsSettings.from(config, TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD),
                RateLimit.from(config, CONNECTION_RATE, CONNECTION_BURST, DEFAULT_CONNECTION_BURST),
                config.getInt(REDIRECT_THRESHOLD, 0, 0, Integer.MAX_VALUE),
                config.getDuration(LOAD_INTERVAL, Duration.ofSeconds(1)),
                config.getString(PUBLIC_URL, ""),
                config.getString(WAKE_DRIVER, "none"),
                config.getDuration(WAKE_IDLE_TIMEOUT, Duration.ZERO),
                config.getInt(BUFFER_SIZE, DEFAULT_BUFFER_SIZE, MIN_BUFFER_SIZE, 1024 * 1024),
                fdReserve,
                transportLimits(config, maxConnections),
                RateLimit.from(config, MESSAGE_RATE, DEFAULT_MESSAGE_RATE, MESSAGE_BURST, DEFAULT_MESSAGE_BURST),
                config.getInt(MAX_ACK_UPDATES, DEFAULT_MAX_ACK_UPDATES, 1, Integer.MAX_VALUE),
                config.getBoolean(WEBPUSH_ENABLED, true),
                BroadcastSettings.from(config),
                config.getDuration(PRODUCER_LINGER, DEFAULT_PRODUCER_LINGER));
    }

    private static TransportLimits transportLimits(ConfigSource config, int maxConnections) {
        TransportLimits defaults = TransportLimits.DEFAULT;
        Duration head = config.getDuration(REQUEST_HEAD_TIMEOUT, defaults.requestHeadTimeout());
        Duration frame = config.getDuration(FRAME_READ_TIMEOUT, defaults.frameReadTimeout());
        Duration write = config.getDuration(WRITE_TIMEOUT, defaults.writeTimeout());
        requireNotNegative(REQUEST_HEAD_TIMEOUT, head);
        requireNotNegative(FRAME_READ_TIMEOUT, frame);
        requireNotNegative(WRITE_TIMEOUT, write);
        int outbound = config.getInt(MAX_OUTBOUND_BYTES, (int) defaults.maxOutboundBytes(), 1, Integer.MAX_VALUE);
        return new TransportLimits(maxConnections, head, frame, outbound, write);
    }

    /** Whether this node balances connections (spec §12): publishes its load and may redirect. */
    public boolean redirectsEnabled() {
        return redirectThreshold > 0;
    }

    /** {@link #publicUrl()}, or the default built from TLS, the listen host and the bound port. */
    public String publicUrl(int boundPort) {
        if (!publicUrl.isEmpty()) {
            return publicUrl;
        }
        return (tls.enabled() ? "wss" : "ws") + "://" + hostForUrl(listenHost) + ":" + boundPort + "/";
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean isWebSocketUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The {@code Origin} allow-list of {@link #allowedOrigins()}. */
    public AllowedOrigins origins() {
        return AllowedOrigins.of(allowedOrigins);
    }

    /** What each connection needs of these settings. */
    public ConnectionSettings connectionSettings() {
        // Everything queued behind a request may add up to one message of the largest size.
        return new ConnectionSettings(nodeId, endpointBase, maxQueuedMessages, maxMessageBytes, helloTimeout,
                minPingInterval, requestTimeout, longPongs, wakeIdleTimeout, messageRate, webPushEnabled);
    }

    private static boolean isEndpointBase(String value) {
        if (value == null || value.endsWith("/")) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void requireNotNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalConfigurationException(key, "must not be negative (0 turns it off)");
        }
    }

    @Override
    public String toString() {
        // Never print the token keys.
        return "NodeConfig[kafka=" + kafka.bootstrapServers() + ", topics=" + topics.nodeCommands().name()
                + ", nodeId=" + nodeId + ", listen=" + listenHost + ":" + listenPort + ", endpointBase="
                + endpointBase + ", maxMessageBytes=" + maxMessageBytes + ", maxQueuedMessages="
                + maxQueuedMessages + ", helloTimeout=" + helloTimeout + ", minPingInterval=" + minPingInterval
                + ", requestTimeout=" + requestTimeout + ", longPongs=" + longPongs + ", allowedOrigins="
                + (allowedOrigins.isEmpty() ? "any" : allowedOrigins) + ", maxConnections="
                + (maxConnections == 0 ? "unlimited" : maxConnections) + ", heartbeatInterval=" + heartbeatInterval
                + ", drainTimeout=" + drainTimeout + ", producerLinger=" + producerLinger + ", tls=" + tls
                + ", connectionRate=" + connectionRate + ", redirectThreshold="
                + (redirectThreshold == 0 ? "off" : redirectThreshold) + ", loadInterval=" + loadInterval
                + ", publicUrl=" + (publicUrl.isEmpty() ? "default" : publicUrl)
                + ", wake=" + wakeDriver + "/" + wakeIdleTimeout + ", bufferSize=" + bufferSize
                + ", webPush=" + webPushEnabled + ", broadcasts=" + broadcasts + ", tokenKeys=" + tokenKeys.size() + "]";
    }
}
