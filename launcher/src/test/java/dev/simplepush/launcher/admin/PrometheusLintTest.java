package dev.simplepush.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class PrometheusLintTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    PrometheusLintTest() {
        registry.config().meterFilter(new PrometheusLint());
    }

    @Test
    void metersWithAbbreviatedUnitsAreDropped() {
        FunctionCounter.builder("kafka.producer.io.time.ns.total", this, x -> 1).register(registry);
        Gauge.builder("kafka.app.info.start.time.ms", () -> 1).register(registry);
        FunctionCounter.builder("process.cpu.time", this, x -> 1).baseUnit("ns").register(registry);

        assertThat(registry.scrape()).doesNotContain("_ns_", "_ms", "cpu_time");
    }

    @Test
    void gaugesNamedCountAreRenamedSinceCountBelongsToHistograms() {
        Gauge.builder("kafka.consumer.connection.count", () -> 2).description("open connections").register(registry);
        Gauge.builder("system.cpu.count", () -> 4).description("processors").register(registry);
        Gauge.builder("queue.count", () -> 5).description("queued").register(registry);

        assertThat(registry.scrape()).contains("\nkafka_consumer_connections ", "\nsystem_cpus ", "\nqueue_number ")
                .doesNotContain("_count ");
    }

    @Test
    void countersKeepTheirNames() {
        FunctionCounter.builder("messages.count", this, x -> 3).description("messages").register(registry);

        assertThat(registry.scrape()).contains("messages_count_total");
    }

    @Test
    void metersWithoutADescriptionGetHelpText() {
        Gauge.builder("kafka.producer.node.request.latency.max", () -> 1).register(registry);

        assertThat(registry.scrape()).contains("# HELP kafka_producer_node_request_latency_max kafka.producer.node");
    }
}
