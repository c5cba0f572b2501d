package dev.simplepush.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One bench process's settings, checked once.
 *
 * @param scenario           what to do
 * @param wsUrls             device WebSocket URLs of the nodes; devices are spread over them and
 *                           reconnect to the next one when their socket closes
 * @param firstUrlOnly       connect every device to the first URL (to load one node, then kill it)
 * @param devices            devices in this process
 * @param deviceOffset       index of this process's first device (for logs when several run)
 * @param duration           measured time
 * @param warmup             time under load before measuring
 * @param concurrency        PUTs in flight (throughput)
 * @param rate               PUTs per second of this process (latency, soak)
 * @param churnPerMinute     percent of the devices dropped and reconnected per minute (soak)
 * @param timeout            longest wait for a connect, a PUT answer or a notification
 * @param drainTimeout       after the load stops, how long to wait for the last deliveries
 * @param reconnectDelay     base delay before a dropped device reconnects (plus jitter up to it)
 * @param connectConcurrency connects in progress at once
 * @param ioThreads          threads shared by all sockets of this process
 * @param progress           print a progress line on stderr this often; zero for none
 * @param maxInFlight        open loop: PUTs awaiting their answer at most; a PUT due beyond it is
 *                           shed (counted, not sent), so a stalled server cannot make this process
 *                           open a connection per due PUT until it runs out of files
 * @param httpConnections    keep-alive connections per gateway origin for the app-server PUTs
 *                           (plain http); PUTs beyond them wait in line for a free one
 * @param webPushPayload     0: SimplePush devices and PUTs; otherwise data-mode devices (Web Push),
 *                           each with a VAPID-restricted subscription, and POSTs of this many bytes
 *                           shaped as {@code aes128gcm} (random content: the server never decrypts)
 * @param broadcast          the broadcast scenario's id, gateway, token and interval; NONE otherwise
 * @param backlog            backlog: messages POSTed to each offline device
 * @param offlineGrace       backlog: after the node answered every close, how long before the POSTs
 *                           (for its disconnects to reach streams-state)
 */
record BenchSettings(Scenario scenario, List<URI> wsUrls, boolean firstUrlOnly, int devices, int deviceOffset,
                     Duration duration, Duration warmup, int concurrency, int rate, double churnPerMinute,
                     Duration timeout, Duration drainTimeout, Duration reconnectDelay, int connectConcurrency,
                     int ioThreads, Duration progress, int maxInFlight, int httpConnections, int webPushPayload,
                     BenchBroadcast broadcast, int backlog, Duration offlineGrace) {

    /** Without broadcasts. */
    BenchSettings(Scenario scenario, List<URI> wsUrls, boolean firstUrlOnly, int devices, int deviceOffset,
            Duration duration, Duration warmup, int concurrency, int rate, double churnPerMinute, Duration timeout,
            Duration drainTimeout, Duration reconnectDelay, int connectConcurrency, int ioThreads, Duration progress,
            int maxInFlight, int httpConnections, int webPushPayload) {
        this(scenario, wsUrls, firstUrlOnly, devices, deviceOffset, duration, warmup, concurrency, rate, churnPerMinute,
                timeout, drainTimeout, reconnectDelay, connectConcurrency, ioThreads, progress, maxInFlight,
                httpConnections, webPushPayload, BenchBroadcast.NONE, 0, Duration.ZERO);
    }

    BenchSettings {
        broadcast = broadcast == null ? BenchBroadcast.NONE : broadcast;
        require(scenario != Scenario.BROADCAST || broadcast.enabled(), "--broadcast-token",
                "and --broadcast-url are needed by the broadcast scenario");
        wsUrls = List.copyOf(wsUrls);
        require(!wsUrls.isEmpty(), "--ws-url", "name at least one node");
        require(devices > 0, "--devices", "must be at least 1");
        require(!duration.isNegative() && !duration.isZero(), "--duration", "must be positive");
        require(!warmup.isNegative(), "--warmup", "must not be negative");
        require(concurrency > 0, "--concurrency", "must be at least 1");
        // The backlog's POSTs may go as fast as the connections allow: rate 0.
        require(rate > 0 || (scenario == Scenario.BACKLOG && rate == 0), "--rate", "must be at least 1");
        require(scenario != Scenario.BACKLOG || backlog > 0, "--backlog", "must be at least 1");
        require(scenario != Scenario.BACKLOG || webPushPayload > 0, "--webpush",
                "is what the backlog scenario runs (POSTs stored for offline devices)");
        require(offlineGrace != null && !offlineGrace.isNegative(), "--offline-grace", "must not be negative");
        require(churnPerMinute >= 0 && churnPerMinute <= 100, "--churn", "is a percentage, 0 to 100");
        require(timeout.toMillis() > 0, "--timeout", "must be positive");
        require(connectConcurrency > 0, "--connect-concurrency", "must be at least 1");
        require(ioThreads > 0, "--io-threads", "must be at least 1");
        require(maxInFlight > 0, "--max-in-flight", "must be at least 1");
        require(httpConnections > 0, "--http-connections", "must be at least 1");
        require(webPushPayload == 0 || webPushPayload >= WebPushLoad.MIN_BODY_BYTES, "--payload",
                "must be at least " + WebPushLoad.MIN_BODY_BYTES + " bytes (an aes128gcm header and the version)");
    }

    /** This process's share of a run split over {@code processes} processes. */
    BenchSettings slice(int index, int processes) {
        int share = devices / processes + (index < devices % processes ? 1 : 0);
        int offset = deviceOffset + index * (devices / processes) + Math.min(index, devices % processes);
        return new BenchSettings(scenario, wsUrls, firstUrlOnly, share, offset, duration, warmup,
                Math.max(1, concurrency / processes), Math.max(1, rate / processes), churnPerMinute, timeout,
                drainTimeout, reconnectDelay, connectConcurrency, ioThreads, progress, maxInFlight, httpConnections,
                webPushPayload, broadcast, backlog, offlineGrace);
    }

    boolean webPush() {
        return webPushPayload > 0;
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(option + " " + problem);
        }
    }
}
