package dev.simplepush.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.config.ConfigSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A round-trip check of a running deployment, as one device and one app server: hello,
 * register, then N sequential PUTs, each timed from the PUT's send to the notification's
 * arrival, each acked. Prints the latency percentiles. Exit status 1 if anything went wrong.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Measure PUT->notification round trips against a running server (dev mode by default).",
            "One device, sequential PUTs; prints p50/p90/p99/max."})
final class ProbeCommand implements Callable<Integer> {
    @Option(names = "--ws-url", defaultValue = "ws://127.0.0.1:8080/", description = "Device WebSocket URL (default: ${DEFAULT-VALUE}).")
    URI wsUrl;

    @Option(names = "--count", defaultValue = "200", description = "Round trips to time (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "20", description = "Untimed round trips first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--timeout", defaultValue = "10s", description = "Longest wait for any one answer (default: ${DEFAULT-VALUE}).")
    String timeout;

    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private Duration wait;

    @Override
    public Integer call() throws Exception {
        wait = ConfigSource.of(Map.of("timeout", timeout)).getDuration("timeout", Duration.ofSeconds(10));
        HttpClient http = HttpClient.newBuilder().connectTimeout(wait).build();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(wait)
                .buildAsync(wsUrl, new Collector()).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        socket.sendText("{\"messageType\":\"hello\",\"channelIDs\":[]}", true).join();
        String uaid = expect("hello").path("uaid").asText();
        String chid = UUID.randomUUID().toString();
        socket.sendText("{\"messageType\":\"register\",\"channelID\":\"" + chid + "\"}", true).join();
        URI endpoint = URI.create(expect("register").path("pushEndpoint").asText());
        System.err.printf("probe: uaid %s, endpoint %s%n", uaid, endpoint);

        long[] micros = new long[count];
        for (int i = 0; i < warmup + count; i++) {
            long version = i + 1;
            long begin = System.nanoTime();
            CompletableFuture<HttpResponse<String>> put = http.sendAsync(
                    HttpRequest.newBuilder(endpoint).timeout(wait)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .PUT(HttpRequest.BodyPublishers.ofString("version=" + version)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode update = expect("notification").path("updates").path(0);
            long elapsed = System.nanoTime() - begin;
            if (update.path("version").asLong(-1) != version) {
                throw new IOException("expected version " + version + ", got " + update);
            }
            socket.sendText("{\"messageType\":\"ack\",\"updates\":[{\"channelID\":\"" + chid
                    + "\",\"version\":" + version + "}]}", true).join();
            int status = put.get(wait.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            if (status != 200) {
                throw new IOException("PUT " + version + " answered " + status + ", expected 200");
            }
            if (i >= warmup) {
                micros[i - warmup] = elapsed / 1000;
            }
        }
        socket.sendText("{\"messageType\":\"unregister\",\"channelID\":\"" + chid + "\"}", true).join();
        expect("unregister");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        Arrays.sort(micros);
        System.out.printf("probe: %d round trips, PUT->notification latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
                count, pct(micros, 50), pct(micros, 90), pct(micros, 99), micros[count - 1] / 1000.0);
        return 0;
    }

    private JsonNode expect(String type) throws Exception {
        String text = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new IOException("no " + type + " message within " + wait);
        }
        JsonNode message = Json.MAPPER.readTree(text);
        if (!type.equals(message.path("messageType").asText()) || message.has("error")) {
            throw new IOException("expected " + type + ", got " + text);
        }
        return message;
    }

    private static double pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1000.0;
    }

    /** Collects whole text messages, reassembling fragments. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
