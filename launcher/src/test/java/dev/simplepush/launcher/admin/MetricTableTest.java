package dev.simplepush.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.MetricName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's metric table true by the build: one row per {@link MetricName}, with its
 * Prometheus name, type and tag values, and no row for a metric that no longer exists.
 */
class MetricTableTest {
    /** | `dotted.name` | `prometheus_name` | type | tag | meaning | */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(simplepush\\.[a-z.]+)`\\s*\\|(.*)$");

    @Test
    void theReadmeHasARowForEveryMetricAndNoOther() throws IOException {
        Map<String, String> rows = rows();

        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(MetricName.values()).map(MetricName::meterName).toList());
        for (MetricName metric : MetricName.values()) {
            List<String> cells = Arrays.stream(rows.get(metric.meterName()).split("\\|")).map(String::trim).toList();
            assertThat(cells.get(0)).as(metric.name()).isEqualTo("`" + metric.prometheusName() + "`");
            assertThat(cells.get(1)).as(metric.name()).isEqualTo(metric.type().name().toLowerCase());
            for (String value : metric.tagValues()) {
                assertThat(cells.get(2)).as(metric.name()).contains(metric.tagKey()).contains(value);
            }
            assertThat(cells.get(3)).as(metric.name()).isNotBlank();
        }
    }

    private static Map<String, String> rows() throws IOException {
        // Surefire runs in the module directory; the README is at the repository root.
        Path readme = Path.of(System.getProperty("basedir", ".")).resolve("..").resolve("README.md").normalize();
        Map<String, String> rows = new HashMap<>();
        for (String line : Files.readAllLines(readme)) {
            Matcher matcher = ROW.matcher(line);
            if (matcher.matches()) {
                assertThat(rows.put(matcher.group(1), matcher.group(2))).as("a second row for " + matcher.group(1)).isNull();
            }
        }
        return rows;
    }
}
