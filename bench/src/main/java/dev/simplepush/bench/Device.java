package dev.simplepush.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One simulated device: a WebSocket that says hello, registers one channel, acks every
 * notification and, when its socket closes while the run goes on, reconnects with the same uaid
 * to the next node URL. It also keeps the app server's side of its channel: which versions were
 * PUT, which were accepted (2xx) and which arrived, so a run can tell delivered from lost.
 */
final class Device implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";

    final int index;
    final String channelId;
    private final Fleet fleet;
    private final Recorder recorder;
    private final StringBuilder text = new StringBuilder();

    private volatile WebSocket socket;
    /** Writes this socket's frames one at a time (the JDK fails a send while one is pending). */
    private volatile SerialSender sender;
    /** The backlog scenario's tally, or null. */
    private volatile BacklogTally backlog;
    /** Backlog: closed on purpose and not to reconnect until {@link #reconnectNow}. */
    private volatile boolean offline;
    /** Completes when the socket closed by {@link #goOffline} is gone; guarded by this. */
    private CompletableFuture<Void> offlineFuture;
    private volatile String uaid;
    private volatile URI endpoint;
    private volatile boolean ready;
    private int urlIndex;
    private long connectStartNanos;
    private long disconnectedAtNanos;

    // Guarded by this.
    private long nextVersion;
    private long maxAccepted;
    private long maxDelivered;
    private final TreeMap<Long, Long> sentAt = new TreeMap<>();
    private final TreeMap<Long, CompletableFuture<Void>> waiters = new TreeMap<>();
    private CompletableFuture<Void> readyFuture = new CompletableFuture<>();
    /** The node URL of the current (or last) socket, for deliveries by node. */
    private volatile URI url;
    // The reconnect storm, guarded by this: the kill (this process's nanoTime clock, 0 = none),
    // the version PUT after it, the last time the device became ready, and whether it is done.
    private long stormKillNanos;
    private long stormVersion;
    private long lastReadyNanos;
    private boolean stormDone;

    Device(int index, String channelId, int urlIndex, Fleet fleet, Recorder recorder) {
        this.index = index;
        this.channelId = channelId;
        this.urlIndex = urlIndex;
        this.fleet = fleet;
        this.recorder = recorder;
    }

    /** Opens the socket; completes when the device has said hello and holds an endpoint. */
    synchronized CompletableFuture<Void> connect() {
        if (readyFuture.isDone()) {
            readyFuture = new CompletableFuture<>();
        }
        connectStartNanos = System.nanoTime();
        CompletableFuture<Void> result = readyFuture;
        URI url = fleet.url(urlIndex);
        this.url = url;
        fleet.webSockets().newWebSocketBuilder().connectTimeout(fleet.timeout())
                .buildAsync(url, this)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        lost(true);
                    }
                });
        return result;
    }

    boolean ready() {
        return ready;
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done");
        }
    }

    /** Backlog: from now on, count this device's POSTs and arrivals in {@code tally}. */
    void trackBacklog(BacklogTally tally) {
        backlog = tally;
    }

    BacklogTally backlog() {
        return backlog;
    }

    boolean offline() {
        return offline;
    }

    /**
     * Closes the socket cleanly (so the node tells streams-state the device is gone) and stays
     * offline; completes once the node has answered the close (or the socket is gone).
     */
    CompletableFuture<Void> goOffline() {
        WebSocket ws;
        CompletableFuture<Void> gone;
        synchronized (this) {
            offline = true;
            offlineFuture = new CompletableFuture<>();
            gone = offlineFuture;
            ws = socket;
            if (ws == null) {
                gone.complete(null);
            }
        }
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench: offline").whenComplete((w, error) -> {
                if (error != null) {
                    ws.abort();
                    lost(false);
                }
            });
        }
        return gone;
    }

    /** Backlog: connects again with the same uaid (a hello in data mode); timed as a reconnect. */
    CompletableFuture<Void> reconnectNow() {
        synchronized (this) {
            offline = false;
            disconnectedAtNanos = System.nanoTime();
        }
        return connect();
    }

    /** Closes the socket as a flaky network would; the device reconnects. */
    void drop() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
            lost(false);
        }
    }

    /** The node was killed at {@code killNanos}: from now on, time this device's way back. */
    synchronized void stormBegins(long killNanos) {
        stormKillNanos = killNanos;
    }

    /** {@code version} is the update this device must get after the kill. */
    synchronized void stormPut(long version) {
        stormVersion = version;
    }

    /** True once the device said hello after the kill (or never lost its socket) and got its storm update. */
    synchronized boolean stormDone() {
        return stormDone;
    }

    synchronized long nextVersion() {
        return ++nextVersion;
    }

    /** Completes when a version at least this high has arrived. */
    synchronized CompletableFuture<Void> arrivalOf(long version) {
        if (maxDelivered >= version) {
            return CompletableFuture.completedFuture(null);
        }
        return waiters.computeIfAbsent(version, v -> new CompletableFuture<>());
    }

    /**
     * PUTs {@code version} to this device's endpoint, timed from {@code startNanos} (the send time,
     * or the time the send was due, so that a stalled sender does not hide its own delay).
     *
     * @return the HTTP status, or -1 when the request failed
     */
    CompletableFuture<Integer> put(long version, long startNanos) {
        URI target = endpoint;
        if (target == null) {
            return CompletableFuture.completedFuture(-1);
        }
        synchronized (this) {
            sentAt.put(version, startNanos);
        }
        recorder.putsSent.increment();
        WebPushLoad webPush = fleet.webPush();
        CompletableFuture<Integer> sent = webPush == null ? send(target, "version=" + version)
                : fleet.leanAppServer().send("POST", target, webPush.headerLines(target), webPush.body(version));
        return sent
                .handle((status, error) -> {
                    if (error != null) {
                        recorder.putsFailed.increment();
                        forget(version);
                        return -1;
                    }
                    recorder.putAnswered(status, System.nanoTime() - startNanos);
                    // 200/202 answer a PUT (delivered, stored); 201 a Web Push POST.
                    if (status == 200 || status == 201 || status == 202) {
                        accepted(version);
                    } else {
                        forget(version);
                    }
                    return status;
                });
    }

    /** Plain http takes the lean client (its answer completes on its selector thread); https the JDK's. */
    private CompletableFuture<Integer> send(URI target, String body) {
        if ("http".equalsIgnoreCase(target.getScheme())) {
            return fleet.leanAppServer().put(target, FORM, body);
        }
        HttpRequest request = HttpRequest.newBuilder(target).timeout(fleet.timeout())
                .header("Content-Type", FORM).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return fleet.appServer().sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    /** True when every version the gateway accepted for this channel has arrived (newest wins). */
    synchronized boolean caughtUp() {
        return maxDelivered >= maxAccepted;
    }

    synchronized long maxAccepted() {
        return maxAccepted;
    }

    synchronized long maxDelivered() {
        return maxDelivered;
    }

    private synchronized void accepted(long version) {
        BacklogTally tally = backlog;
        if (tally != null) {
            tally.accepted(version);
        }
        maxAccepted = Math.max(maxAccepted, version);
    }

    private synchronized void forget(long version) {
        sentAt.remove(version);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        sender = new SerialSender(webSocket);
        recorder.connected.incrementAndGet();
        String dataMode = (fleet.webPush() == null ? "" : ",\"use_webpush\":true")
                + (fleet.broadcast().enabled() ? ",\"broadcasts\":{\"" + fleet.broadcast().id() + "\":\"\\\"0\\\"\"}" : "");
        String hello = uaid == null || endpoint == null
                ? "{\"messageType\":\"hello\",\"channelIDs\":[]" + dataMode + "}"
                : "{\"messageType\":\"hello\",\"uaid\":\"" + uaid + "\",\"channelIDs\":[\"" + channelId + "\"]"
                        + dataMode + "}";
        sender.send(hello);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            try {
                handle(webSocket, JSON.readTree(message));
            } catch (Exception e) {
                fleet.log("device " + index + ": unreadable message " + message + ": " + e);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void handle(WebSocket webSocket, JsonNode message) {
        String type = message.path("messageType").asText("");
        int status = message.path("status").asInt(200);
        switch (type) {
            case "hello" -> {
                if (status != 200) {
                    fleet.log("device " + index + ": hello answered " + status);
                    webSocket.abort();
                    lost(false);
                    return;
                }
                String answered = message.path("uaid").asText();
                if (uaid != null && !answered.equals(uaid)) {
                    recorder.resets.increment();
                    endpoint = null;
                }
                uaid = answered;
                if (endpoint == null) {
                    String key = fleet.webPush() == null ? "" : ",\"key\":\"" + fleet.webPush().publicKey() + "\"";
                    sender.send("{\"messageType\":\"register\",\"channelID\":\"" + channelId + "\"" + key + "}");
                } else {
                    becomeReady();
                }
            }
            case "register" -> {
                if (status != 200) {
                    fleet.log("device " + index + ": register answered " + status);
                    return;
                }
                endpoint = URI.create(message.path("pushEndpoint").asText());
                becomeReady();
            }
            case "notification" -> {
                if (message.has("updates")) {
                    onNotification(webSocket, message.path("updates"));
                } else {
                    onPushMessage(webSocket, message);
                }
            }
            case "broadcast" -> {
                long setAt = BenchBroadcast.setAt(message.path("broadcasts").path(fleet.broadcast().id()).asText(null));
                if (setAt > 0) {
                    recorder.broadcastArrived(setAt, System.currentTimeMillis());
                }
            }
            default -> {
                // ping replies and anything newer: nothing to do
            }
        }
    }

    private void becomeReady() {
        long now = System.nanoTime();
        CompletableFuture<Void> done;
        synchronized (this) {
            lastReadyNanos = now;
            if (disconnectedAtNanos != 0) {
                recorder.reconnectedAfter(now - disconnectedAtNanos);
                disconnectedAtNanos = 0;
            } else {
                recorder.connectedAfter(now - connectStartNanos);
            }
            done = readyFuture;
        }
        ready = true;
        recorder.ready.incrementAndGet();
        done.complete(null);
    }

    private void onNotification(WebSocket webSocket, JsonNode updates) {
        long now = System.nanoTime();
        StringBuilder ack = new StringBuilder("{\"messageType\":\"ack\",\"updates\":[");
        for (JsonNode update : updates) {
            String chid = update.path("channelID").asText();
            long version = update.path("version").asLong();
            if (ack.charAt(ack.length() - 1) == '}') {
                ack.append(',');
            }
            ack.append("{\"channelID\":\"").append(chid).append("\",\"version\":").append(version).append('}');
            if (chid.equals(channelId)) {
                arrived(version, now);
            }
        }
        sender.send(ack.append("]}"));
    }

    /** A data-mode notification (spec W3.1): one message, acked by its id with code 100. */
    private void onPushMessage(WebSocket webSocket, JsonNode message) {
        long now = System.nanoTime();
        String chid = message.path("channelID").asText();
        String id = message.path("version").asText();
        sender.send("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + chid + "\",\"version\":\""
                + id + "\",\"code\":100}]}");
        long version = WebPushLoad.version(message.path("data").asText(null));
        BacklogTally tally = backlog;
        if (tally != null) {
            switch (tally.arrived(version, now)) {
                case NEW -> recorder.delivered.increment();
                case DUPLICATE -> recorder.duplicates.increment();
                case UNEXPECTED -> recorder.unexpected.increment();
            }
            return;
        }
        if (chid.equals(channelId) && version > 0) {
            arrived(version, now);
        } else {
            fleet.log("device " + index + ": a message without a bench version on " + chid);
        }
    }

    private void arrived(long version, long now) {
        Map<Long, CompletableFuture<Void>> done;
        synchronized (this) {
            if (version == maxDelivered) {
                recorder.duplicates.increment();
                return;
            }
            if (version < maxDelivered) {
                recorder.stale.increment();
                return;
            }
            maxDelivered = version;
            recorder.deliveredVia(url);
            if (stormVersion != 0 && version >= stormVersion && !stormDone) {
                stormDone = true;
                // A device that never lost its socket (not on the killed node) counts as back at the kill.
                long hello = Math.max(lastReadyNanos, stormKillNanos);
                recorder.stormDone(hello - stormKillNanos, now - stormKillNanos);
            }
            Long sent = sentAt.get(version);
            if (sent != null) {
                recorder.deliveredAfter(now - sent);
            } else {
                recorder.delivered.increment();
            }
            Map<Long, Long> older = sentAt.headMap(version, true);
            recorder.superseded.add(Math.max(0, older.size() - (sent == null ? 0 : 1)));
            older.clear();
            Map<Long, CompletableFuture<Void>> view = waiters.headMap(version, true);
            done = new TreeMap<>(view);
            view.clear();
        }
        done.values().forEach(f -> f.complete(null));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        lost(false);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        lost(false);
    }

    /**
     * The socket is gone (or never came): reconnect to the next node while the run goes on. Called
     * once per socket however many of close, error and abort report it.
     */
    private void lost(boolean connectFailed) {
        boolean wasOpen;
        boolean stayOffline;
        synchronized (this) {
            wasOpen = socket != null;
            socket = null;
            stayOffline = offline;
            if (offline && offlineFuture != null) {
                offlineFuture.complete(null);
            }
            if (!wasOpen && !connectFailed) {
                return;
            }
            if (ready) {
                ready = false;
                recorder.ready.decrementAndGet();
            }
            if (disconnectedAtNanos == 0 && endpoint != null) {
                disconnectedAtNanos = System.nanoTime();
            }
            urlIndex = fleet.failoverUrl(urlIndex, index);
        }
        if (wasOpen) {
            recorder.connected.decrementAndGet();
        }
        if ((wasOpen || connectFailed) && !stayOffline) {
            fleet.reconnectLater(this);
        }
    }
}
