package dev.simplepush.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One device of the ledger: a WebSocket to a delivery node that acks every update it receives and
 * records it in the {@link Ledger}. When its connection ends without its asking, it reconnects
 * to the other node with the same uaid and channels and says hello, like a phone would; it keeps
 * trying until a hello is answered.
 */
final class LedgerDevice {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final int index;
    private final HttpClient http;
    private final IntFunction<URI> nodes;
    private final int nodeCount;
    private final Ledger ledger;
    private final ScheduledExecutorService scheduler;
    private final List<Ledger.Channel> channels = new ArrayList<>();

    private volatile String uaid;
    private volatile Session session;
    private volatile boolean wantOnline;
    private volatile boolean online;
    private volatile int node;
    private volatile long onlineSinceNanos;
    private volatile int connects;
    /** Bumped whenever the device changes its mind; a reconnect loop of an older one stops. */
    private int generation;

    /** Data mode (spec W1): hello with use_webpush, one notification per message, acks by message id. */
    private final boolean webPush;

    LedgerDevice(int index, HttpClient http, IntFunction<URI> nodes, int nodeCount, Ledger ledger,
            ScheduledExecutorService scheduler, boolean webPush) {
        this.webPush = webPush;
        this.index = index;
        this.http = http;
        this.nodes = nodes;
        this.nodeCount = nodeCount;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.node = index % nodeCount;
    }

    /** First contact: a hello without uaid, then {@code channelCount} registers, one after another. */
    CompletableFuture<Void> setUp(int channelCount) {
        wantOnline = true;
        return open(node).thenCompose(opened -> opened.hello(null, List.of())).thenCompose(assigned -> {
            uaid = assigned;
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < channelCount; i++) {
                String channelId = UUID.randomUUID().toString();
                chain = chain.thenCompose(ignored -> session.register(channelId))
                        .thenAccept(endpoint -> channels.add(ledger.add(uaid, channelId, endpoint, webPush)));
            }
            return chain;
        }).thenRun(() -> established(session, generation));
    }

    String uaid() {
        return uaid;
    }

    int node() {
        return node;
    }

    boolean isOnline() {
        return online;
    }

    boolean wantsOnline() {
        return wantOnline;
    }

    long onlineSinceNanos() {
        return onlineSinceNanos;
    }

    int connects() {
        return connects;
    }

    /** Closes normally and stays away until {@link #goOnline()}. */
    synchronized void goOffline() {
        wantOnline = false;
        online = false;
        generation++;
        Session current = session;
        if (current != null) {
            current.close();
        }
    }

    /** Reconnects (to the next node) unless it already wants to be online. */
    synchronized void goOnline() {
        if (wantOnline) {
            return;
        }
        wantOnline = true;
        reconnect(++generation, 0);
    }

    /** Closes without reconnecting, at the end of a scenario. */
    synchronized void shutdown() {
        wantOnline = false;
        online = false;
        generation++;
        Session current = session;
        if (current != null) {
            current.abort();
        }
    }

    /** A hello was answered on {@code established}: online, unless it has ended meanwhile. */
    private synchronized void established(Session established, int loop) {
        if (loop != generation) {
            established.abort();
            return;
        }
        established.established = true;
        connects++;
        onlineSinceNanos = System.nanoTime();
        online = true;
        if (established.ended) {
            online = false;
            reconnect(generation, 1);
        }
    }

    /** Only the end of an established connection starts a reconnect; attempts retry by themselves. */
    private synchronized void onSessionEnded(Session ended) {
        if (ended != session || !ended.established) {
            return;
        }
        online = false;
        if (wantOnline) {
            reconnect(generation, 1);
        }
    }

    private void reconnect(int loop, int attempt) {
        long delay = Math.min(2_000, 50L * attempt) + ThreadLocalRandom.current().nextLong(100);
        scheduler.schedule(() -> attempt(loop, attempt), delay, TimeUnit.MILLISECONDS);
    }

    private void attempt(int loop, int attempt) {
        synchronized (this) {
            if (loop != generation || !wantOnline) {
                return;
            }
            node = (node + 1) % nodeCount;
        }
        Session attempted = new Session();
        open(node, attempted).thenCompose(opened -> opened.hello(uaid, channelIds()))
                .whenComplete((assigned, error) -> {
                    if (error != null) {
                        attempted.abort();
                        synchronized (this) {
                            if (loop == generation && wantOnline) {
                                reconnect(loop, attempt + 1);
                            }
                        }
                        return;
                    }
                    if (!uaid.equals(assigned)) {
                        ledger.reset(uaid, assigned);
                    }
                    established(attempted, loop);
                });
    }

    private List<String> channelIds() {
        return channels.stream().map(channel -> channel.channelId).toList();
    }

    private CompletableFuture<Session> open(int nodeIndex) {
        return open(nodeIndex, new Session());
    }

    private CompletableFuture<Session> open(int nodeIndex, Session opening) {
        synchronized (this) {
            session = opening;
        }
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(nodes.apply(nodeIndex), opening)
                .thenApply(socket -> opening);
    }

    /** One connection; callbacks of an old one never touch a newer one. */
    private final class Session implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;
        private volatile CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        private volatile boolean ended;
        private volatile boolean established;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        CompletableFuture<String> hello(String helloUaid, List<String> channelIds) {
            ObjectNode hello = Json.MAPPER.createObjectNode().put("messageType", "hello");
            if (helloUaid != null) {
                hello.put("uaid", helloUaid);
            }
            ArrayNode ids = hello.putArray("channelIDs");
            channelIds.forEach(ids::add);
            if (webPush) {
                hello.put("use_webpush", true);
            }
            return request(hello, "hello").thenApply(answer -> answer.path("uaid").asText());
        }

        CompletableFuture<String> register(String channelId) {
            ObjectNode register = Json.MAPPER.createObjectNode().put("messageType", "register")
                    .put("channelID", channelId);
            return request(register, "register").thenApply(answer -> answer.path("pushEndpoint").asText());
        }

        private CompletableFuture<JsonNode> request(ObjectNode message, String type) {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            reply = answer;
            send(message.toString());
            return answer.orTimeout(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).thenApply(json -> {
                if (!type.equals(json.path("messageType").asText()) || json.path("status").asInt() != 200) {
                    throw new IllegalStateException("device " + index + ": " + type + " answered with " + json);
                }
                return json;
            });
        }

        private synchronized void send(String text) {
            // The JDK WebSocket allows one outstanding send: chain them.
            sending = sending.thenCompose(ignored -> socket.sendText(text, true))
                    .exceptionally(error -> null);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(text);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String text) {
            JsonNode message;
            try {
                message = Json.MAPPER.readTree(text);
            } catch (Exception e) {
                ledger.finding("device " + index + " got unreadable " + text);
                return;
            }
            String type = message.path("messageType").asText("");
            if ("notification".equals(type) && webPush && !message.has("updates")) {
                // One message (spec W3.1): its version is the message id, its data the POSTed body.
                String channelId = message.path("channelID").asText();
                String messageId = message.path("version").asText();
                ledger.receivedPush(uaid, channelId, message.path("data").asText(null));
                ObjectNode ack = Json.MAPPER.createObjectNode().put("messageType", "ack");
                ack.putArray("updates").addObject().put("channelID", channelId).put("version", messageId)
                        .put("code", 100);
                send(ack.toString());
                ledger.acked(1);
            } else if ("notification".equals(type)) {
                ArrayNode acks = Json.MAPPER.createArrayNode();
                for (JsonNode update : message.path("updates")) {
                    String channelId = update.path("channelID").asText();
                    long version = update.path("version").asLong();
                    ledger.received(uaid, channelId, version);
                    acks.addObject().put("channelID", channelId).put("version", version);
                }
                ObjectNode ack = Json.MAPPER.createObjectNode().put("messageType", "ack");
                ack.set("updates", acks);
                send(ack.toString());
                ledger.acked(acks.size());
            } else if (!reply.isDone()) {
                reply.complete(message);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            end(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            end(error);
        }

        private void end(Throwable why) {
            if (ended) {
                return;
            }
            ended = true;
            reply.completeExceptionally(why);
            onSessionEnded(this);
        }

        void close() {
            WebSocket current = socket;
            if (current != null) {
                synchronized (this) {
                    sending = sending.thenCompose(ignored -> current.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                            .exceptionally(error -> null);
                }
                scheduler.schedule(current::abort, 5, TimeUnit.SECONDS);
            }
        }

        /** Drops the connection; an established one reconnects if the device wants to be online. */
        void abort() {
            WebSocket current = socket;
            if (current != null) {
                current.abort();
            }
            end(new IllegalStateException("aborted"));
        }
    }
}
