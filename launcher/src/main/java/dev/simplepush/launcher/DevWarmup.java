package dev.simplepush.launcher;

import dev.simplepush.bench.Warmup;
import dev.simplepush.gateway.GatewayConfig;
import dev.simplepush.gateway.GatewayService;
import dev.simplepush.gateway.webpush.WebPushSettings;
import dev.simplepush.node.NodeConfig;
import dev.simplepush.node.NodeService;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.KafkaSettings;
import dev.simplepush.state.StateConfig;
import dev.simplepush.state.StateService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode's warm-up: before the real services start, a throwaway pipeline (streams-state, a
 * gateway and a node on topics of their own) carries a closed loop of the bench's devices, so the
 * JIT compiles the broker's, the clients' and the services' hot code while nobody waits on it. A
 * fresh JVM otherwise runs that code interpreted for its first minute under load, and answers in
 * seconds (docs/performance.md). Its topics, consumer group and state are deleted afterwards; what
 * a killed warm-up left behind is deleted at the next start.
 *
 * <p>It runs in two rounds, each on a pipeline of its own: closing a pipeline and deleting its
 * topics takes branches the hot code never took under load, and the JIT throws away (deoptimises)
 * a couple of hundred compiled methods for it, the hot paths among them. After one round they ran
 * interpreted again in the real services' first 10–40 s; the second round, a third of the time,
 * has them compiled again, and its own close throws away a tenth as many (docs/performance.md,
 * "The warm-up in two rounds").
 */
final class DevWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(DevWarmup.class);
    /** Every warm-up's topics, group and transactional ids start with this. */
    static final String PREFIX = "dev-warmup-";
    /** How long dev mode warms up at most, 0 for not at all. */
    static final String DURATION_KEY = "dev.warmup";
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    /** The warm-up's devices, each with one update in flight. */
    static final String DEVICES_KEY = "dev.warmup.devices";
    static final int DEFAULT_DEVICES = 200;
    /** The loop ends early once the compiler threads were busy at most this share of this window. */
    private static final Duration SETTLE_WINDOW = Duration.ofSeconds(5);
    private static final double SETTLED_BUSY_SHARE = 0.25;
    /** A warm-up shorter than this runs in one round: the second would be too short to matter. */
    static final Duration SHORTEST_TWO_ROUNDS = Duration.ofSeconds(15);
    private static final int ADMIN_SECONDS = 30;

    private DevWarmup() {
    }

    /**
     * Warms this JVM up for {@code longest} against the broker of {@code config}, then removes every
     * trace of it; a failure is logged and dev mode starts cold.
     *
     * @param config  dev mode's own settings (broker, token keys, topic layout)
     * @param dataDir dev mode's data directory; the warm-up's state goes in a directory of its own there
     * @return what the warm-up's devices did; empty if it failed
     */
    static Optional<Warmup.Result> run(ConfigSource config, Path dataDir, Duration longest) {
        int devices = config.getInt(DEVICES_KEY, DEFAULT_DEVICES, 1, 10_000);
        Path stateDir = dataDir.resolve("warmup");
        try (Admin admin = Admin.create(KafkaSettings.from(config).baseProperties())) {
            removeLeftovers(admin, stateDir);
            long compiledBefore = CompilerSettled.jvmCompileMillis();
            List<Duration> rounds = rounds(longest);
            Warmup.Result total = new Warmup.Result(0, 0, Duration.ZERO);
            for (int round = 1; round <= rounds.size(); round++) {
                Optional<Warmup.Result> result = round(config, admin, stateDir, devices, rounds.get(round - 1), round);
                if (result.isEmpty()) {
                    return Optional.empty();
                }
                total = new Warmup.Result(total.delivered() + result.get().delivered(),
                        total.failed() + result.get().failed(), total.took().plus(result.get().took()));
            }
            LOG.info("warmed up: {} updates delivered ({} PUTs failed) in {} ms over {} round(s); compiler threads ({}) "
                    + "busy {} ms", total.delivered(), total.failed(), total.took().toMillis(), rounds.size(),
                    JitMode.describe(JitMode.tiered()), CompilerSettled.jvmCompileMillis() - compiledBefore);
            return Optional.of(total);
        }
    }

    /**
     * How long each round runs at most: two thirds then a third, or one round for a warm-up shorter
     * than {@link #SHORTEST_TWO_ROUNDS}.
     */
    static List<Duration> rounds(Duration longest) {
        if (longest.compareTo(SHORTEST_TWO_ROUNDS) < 0) {
            return List.of(longest);
        }
        Duration second = longest.dividedBy(3);
        return List.of(longest.minus(second), second);
    }

    /** One round on a pipeline of its own, which is removed afterwards; empty if it failed. */
    private static Optional<Warmup.Result> round(ConfigSource config, Admin admin, Path stateDir, int devices,
            Duration longest, int round) {
        String prefix = PREFIX + System.currentTimeMillis() + "-" + round + "-";
        try (Pipeline pipeline = Pipeline.start(config, prefix, stateDir)) {
            CompilerSettled settled = new CompilerSettled(SETTLE_WINDOW, SETTLED_BUSY_SHARE);
            long[] asked = {0};
            Warmup.Result result = Warmup.run(pipeline.deviceUrl(), devices, longest, () -> {
                boolean done = settled.getAsBoolean();
                if (++asked[0] % 5 == 0 || done) {
                    LOG.info("warming up, round {}: compiler threads busy {} of the last {} s", round,
                            String.format("%.2f", settled.lastBusyShare()), SETTLE_WINDOW.toSeconds());
                }
                return done;
            });
            LOG.info("warm-up round {}: {} updates delivered in {} ms", round, result.delivered(),
                    result.took().toMillis());
            return Optional.of(result);
        } catch (RuntimeException e) {
            LOG.warn("warm-up failed; starting without the rest of it", e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            removeLeftovers(admin, stateDir);
        }
    }

    /**
     * The three services on {@code prefix}'s topics, on free ports, with meters nobody reads: in a
     * registry of the kind dev mode's admin server has, so its meters' code is warmed up too.
     */
    private record Pipeline(Deque<AutoCloseable> services, URI deviceUrl) implements AutoCloseable {
        static Pipeline start(ConfigSource config, String prefix, Path stateDir) {
            Map<String, String> own = new HashMap<>();
            own.put("topics.prefix", prefix);
            own.put("state.dir", stateDir.toString());
            own.put("state.group.instance.id", prefix + "state");
            // The node's endpoints and the gateway's Web Push URLs name the warm-up's own gateway.
            String host = GatewayConfig.from(config).listenHost();
            int port = DevMode.freePort(host);
            String base = "http://" + DevMode.literal(host) + ":" + port;
            own.put(GatewayConfig.LISTEN_PORT, Integer.toString(port));
            own.put("node.endpoint.base", base);
            own.put(WebPushSettings.ENDPOINT_BASE, base);
            own.put("node.listen.port", "0");
            own.put(NodeConfig.PUBLIC_URL, "");
            // Plain sockets: the bench's devices and app server speak ws:// and http://.
            own.put(GatewayConfig.TLS_KEYSTORE, "");
            own.put(NodeConfig.TLS_KEYSTORE, "");
            Deque<AutoCloseable> started = new ArrayDeque<>();
            Pipeline pipeline = null;
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            started.push(meters::close);
            try {
                ConfigSource warm = config.with(own);
                started.push(StateService.start(StateConfig.from(warm), meters));
                started.push(GatewayService.start(GatewayConfig.from(warm), meters));
                NodeService node = NodeService.start(NodeConfig.from(warm), meters);
                started.push(node);
                pipeline = new Pipeline(started, URI.create(node.config().publicUrl(node.port())));
                return pipeline;
            } finally {
                if (pipeline == null) {
                    DevMode.closeAll(started, "the warm-up's ");
                }
            }
        }

        @Override
        public void close() {
            DevMode.closeAll(services, "the warm-up's ");
        }
    }

    /** Deletes the topics, consumer groups and state of every earlier warm-up. */
    static void removeLeftovers(Admin admin, Path stateDir) {
        try {
            List<String> topics = admin.listTopics(new ListTopicsOptions()).names().get(ADMIN_SECONDS, TimeUnit.SECONDS)
                    .stream().filter(name -> name.startsWith(PREFIX)).toList();
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
            }
            List<String> groups = admin.listGroups().all().get(ADMIN_SECONDS, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).filter(id -> id.startsWith(PREFIX)).toList();
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(ADMIN_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not delete an earlier warm-up's topics or groups", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(stateDir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the warm-up's state " + dir, e);
        }
    }
}
