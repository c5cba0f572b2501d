package dev.simplepush.launcher.admin;

import dev.simplepush.schemas.Health;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one process exposes for operations: a Prometheus registry holding the JVM's meters and
 * whatever the services add, the services' health, and the admin server that serves both (unless
 * {@code admin.listen.port} is -1). Start it before the services, so probes during their start-up
 * see "starting"; close it after them.
 */
public final class Monitoring implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final HealthChecks health;
    private final AdminServer server;
    private final String host;

    private Monitoring(PrometheusMeterRegistry registry, JvmGcMetrics gcMetrics, HealthChecks health,
            AdminServer server, String host) {
        this.registry = registry;
        this.gcMetrics = gcMetrics;
        this.health = health;
        this.server = server;
        this.host = host;
    }

    /**
     * @param services the names of the services this process will run, e.g. {@code gateway}; each
     *                 is "starting" until {@link #watch watched}
     */
    public static Monitoring start(AdminConfig config, List<String> services) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Before any meter registers: filters apply only to meters registered after them.
        registry.config().meterFilter(new PrometheusLint());
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        HealthChecks health = new HealthChecks(services);
        AdminServer server = null;
        if (config.enabled()) {
            try {
                server = AdminServer.start(config.host(), config.port(), registry, health);
            } catch (RuntimeException e) {
                gcMetrics.close();
                registry.close();
                throw e;
            }
        }
        return new Monitoring(registry, gcMetrics, health, server, config.host());
    }

    /** Where the services register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** From now on, {@code service}'s health is what {@code check} says. */
    public void watch(String service, Supplier<Health> check) {
        health.watch(service, check);
    }

    /** Each service's health now. */
    public Map<String, Health> health() {
        return health.each();
    }

    /** The admin server's port, or -1 when it is off. */
    public int port() {
        return server == null ? AdminConfig.DISABLED : server.port();
    }

    /** The admin server's base URL, e.g. {@code http://127.0.0.1:8090/}, or null when it is off. */
    public String url() {
        return server == null ? null : "http://" + host + ":" + server.port() + "/";
    }

    /**
     * Serves the browser console on the admin server, pointing at these services.
     *
     * @return its URL, e.g. {@code http://127.0.0.1:8090/console/}, or null when the admin server is off
     */
    public String serveConsole(Console console) {
        if (server == null) {
            return null;
        }
        server.serveConsole(console);
        return "http://" + host + ":" + server.port() + Console.PATH;
    }

    /** The Prometheus text of every meter now, as {@code GET /metrics} serves it. */
    public String scrape() {
        return registry.scrape(AdminServer.METRICS_CONTENT_TYPE);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        gcMetrics.close();
        registry.close();
    }
}
