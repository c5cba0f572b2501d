package dev.simplepush.launcher;

import dev.simplepush.launcher.admin.AdminConfig;
import dev.simplepush.schemas.config.ConfigSource;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A container healthcheck that needs no shell: exit 0 when the role in this container is ready,
 * 1 when it is not. A service is ready when its admin server's {@code /health/ready} answers 200
 * (the port from the same settings the service reads, so {@code SIMPLEPUSH_ADMIN_LISTEN_PORT}
 * applies to both); a Kafka node when its listener answers a client (a broker opens it only once
 * it has caught up with the controllers and is unfenced).
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Exit 0 if this container's role is ready, 1 if not: for healthchecks (no shell needed).",
            "Without --bootstrap-server: GET /health/ready on the admin port (admin.listen.port, 8090).",
            "With it: the Kafka listener answers a client (the broker role)."})
final class HealthCommand implements Callable<Integer> {
    static final int READY = 0;
    static final int NOT_READY = 1;

    @Mixin
    ConfigOptions options;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Check a Kafka listener instead of a service, e.g. localhost:9092.")
    String bootstrapServer;

    @Option(names = "--url", paramLabel = "URL", description = "Check this URL instead of the admin port's /health/ready.")
    URI url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Give up (not ready) after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        // A healthcheck's output is kept by the engine: the verdict, not the client's retry warnings.
        Configurator.setLevel("org.apache.kafka", Level.OFF);
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        try {
            if (bootstrapServer != null) {
                return kafkaAnswers(bootstrapServer, timeout);
            }
            return httpReady(url != null ? url : readyUrl(options.load(System.getenv(), new Properties())), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NOT_READY;
        } catch (Exception e) {
            System.err.println("not ready: " + e);
            return NOT_READY;
        }
    }

    /** The service's own admin server, on loopback when it listens on every address. */
    static URI readyUrl(ConfigSource settings) throws UnknownHostException {
        AdminConfig admin = AdminConfig.from(settings);
        String host = InetAddress.getByName(admin.host()).isAnyLocalAddress() ? "127.0.0.1" : admin.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + admin.port() + "/health/ready");
    }

    private static int httpReady(URI url, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            return READY;
        }
        System.err.println("not ready: " + url + " answered " + response.statusCode() + " " + response.body());
        return NOT_READY;
    }

    private static int kafkaAnswers(String bootstrap, Duration timeout) throws Exception {
        int millis = (int) timeout.toMillis();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                // One try: a healthcheck that waits for a broker to come back is a slow "no".
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, millis);
        try (Admin admin = Admin.create(config)) {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes()
                    .get(millis, TimeUnit.MILLISECONDS).size();
            return nodes > 0 ? READY : NOT_READY;
        }
    }
}
