import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rough throughput check: connected devices that ack everything, and worker threads PUTting as
 * fast as their answers come back, each on its own channel. Prints PUTs per second by status and
 * the latency percentiles of the PUTs. JDK only:
 *
 * <pre>java tools/PutLoad.java ws://127.0.0.1:8080/ [devices=8] [workers=32] [seconds=20]</pre>
 */
public class PutLoad {
    private static final Pattern ENDPOINT = Pattern.compile("\"pushEndpoint\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern UPDATES = Pattern.compile("\"updates\"\\s*:\\s*(\\[[^\\]]*\\])");

    public static void main(String[] args) throws Exception {
        String wsUrl = args.length > 0 ? args[0] : "ws://127.0.0.1:8080/";
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> endpoints = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        int channelsPerDevice = (workers + devices - 1) / devices;
        for (int d = 0; d < devices; d++) {
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
                final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        Matcher m = UPDATES.matcher(message);
                        if (message.contains("\"notification\"") && m.find()) {
                            socket.sendText("{\"messageType\":\"ack\",\"updates\":" + m.group(1) + "}", true);
                        } else {
                            inbox.add(message);
                        }
                    }
                    socket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            sockets.add(ws);
            ws.sendText("{\"messageType\":\"hello\",\"channelIDs\":[]}", true).get();
            inbox.poll(10, TimeUnit.SECONDS);
            for (int c = 0; c < channelsPerDevice; c++) {
                ws.sendText("{\"messageType\":\"register\",\"channelID\":\"" + UUID.randomUUID() + "\"}", true).get();
                String reply = inbox.poll(10, TimeUnit.SECONDS);
                Matcher m = ENDPOINT.matcher(reply == null ? "" : reply);
                if (!m.find()) {
                    throw new IllegalStateException("no endpoint in " + reply);
                }
                endpoints.add(m.group(1));
            }
        }
        Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
        List<long[]> latencies = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            String endpoint = endpoints.get(w % endpoints.size());
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            Thread thread = new Thread(() -> {
                int n = 0;
                long version = System.currentTimeMillis();
                try {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .PUT(HttpRequest.BodyPublishers.ofString("version=" + (++version))).build(),
                                HttpResponse.BodyHandlers.discarding());
                        mine[n++] = System.nanoTime() - start;
                        byStatus.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
                    }
                } catch (Exception e) {
                    System.err.println("worker failed: " + e);
                } finally {
                    mine[mine.length - 1] = n;
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        List<Long> all = new ArrayList<>();
        for (long[] mine : latencies) {
            for (int i = 0; i < mine[mine.length - 1]; i++) {
                all.add(mine[i]);
            }
        }
        all.sort(null);
        long total = all.size();
        System.out.printf("%d devices, %d workers, %d s: %d PUTs, %.0f PUT/s, by status %s, latency ms p50 %.1f p99 %.1f max %.1f%n",
                devices, workers, seconds, total, total / (double) seconds, byStatus,
                pct(all, 50), pct(all, 99), all.isEmpty() ? 0 : all.get(all.size() - 1) / 1e6);
        for (WebSocket ws : sockets) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
        System.exit(0);
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
