package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.MetricName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps compose/ in step with the code: the dashboard queries only metrics that exist, and
 * Prometheus scrapes every SimplePush service the compose file runs. (CI checks the compose file's
 * syntax with {@code docker-compose config}; this checks what it means.)
 */
class ComposeFilesTest {
    private static final Path COMPOSE = Path.of("..", "compose");
    private static final Pattern OUR_SERIES = Pattern.compile("\\bsimplepush_[a-z_]+");
    private static final Pattern SERVICE = Pattern.compile("^  ([a-z0-9-]+):\\n(?:    .*\\n)*?    command: \\[\"(gateway|state|node)\"]",
            Pattern.MULTILINE);
    private static final Pattern TARGET = Pattern.compile("\"([a-z0-9-]+):8090\"");

    @Test
    void theDashboardQueriesOnlyMetricsThatExist() throws IOException {
        JsonNode dashboard = Json.MAPPER.readTree(COMPOSE.resolve("grafana/dashboards/simplepush.json").toFile());
        Set<String> known = Arrays.stream(MetricName.values())
                .flatMap(metric -> Set.of(metric.prometheusName(), metric.prometheusName() + "_bucket",
                        metric.prometheusName() + "_count", metric.prometheusName() + "_sum").stream())
                .collect(Collectors.toSet());
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = OUR_SERIES.matcher(target.path("expr").asText());
                while (matcher.find()) {
                    queried.add(matcher.group());
                }
            }
        }

        assertThat(queried).as("series the dashboard queries").isNotEmpty();
        assertThat(known).containsAll(queried);
        assertThat(dashboard.path("uid").asText()).isEqualTo("simplepush");
    }

    @Test
    void theClusterRunsWithoutAShellOnEitherBrokerImage() throws IOException {
        String compose = Files.readString(COMPOSE.resolve("docker-compose.yml"), StandardCharsets.UTF_8);

        // Our image has no shell: exec-form healthchecks, and the brokers start by the official
        // image's start script, which ours has too (ScriptMain).
        assertThat(compose).doesNotContain("CMD-SHELL")
                .contains("image: ${KAFKA_IMAGE:-apache/kafka:")
                .contains("entrypoint: [\"" + ScriptMain.BROKER_START + "\"]")
                .contains("\"/opt/kafka/bin/" + ScriptMain.BROKER_CHECK + "\", \"--bootstrap-server\", \"localhost:9092\"]")
                .contains("test: [\"CMD\", \"simplepush\", \"health\"]");
        assertThat(Path.of("src/image/root/etc/kafka/docker/run")).isRegularFile().isExecutable();
        assertThat(Path.of("src/image/root/opt/kafka/bin/" + ScriptMain.BROKER_CHECK)).isRegularFile().isExecutable();
    }

    @Test
    void prometheusScrapesEverySimplepushServiceOfTheComposeFile() throws IOException {
        String compose = Files.readString(COMPOSE.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
        Set<String> services = new TreeSet<>();
        Matcher service = SERVICE.matcher(compose);
        while (service.find()) {
            services.add(service.group(1));
        }
        Set<String> targets = new TreeSet<>();
        Matcher target = TARGET.matcher(Files.readString(COMPOSE.resolve("prometheus/prometheus.yml"),
                StandardCharsets.UTF_8));
        while (target.find()) {
            targets.add(target.group(1));
        }

        assertThat(services).contains("gateway", "state", "node-0", "node-1");
        assertThat(targets).isEqualTo(services);
    }
}
