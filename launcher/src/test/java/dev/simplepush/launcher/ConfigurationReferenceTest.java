package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.config.ConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md in step with the code: every setting key that appears as a string
 * literal in the main sources of any module has a row, and every row names a key the code reads.
 * Keys live in these namespaces (plus {@code log.format}; the embedded broker's own {@code log.*}
 * properties are not ours); a setting outside them would escape this check.
 */
class ConfigurationReferenceTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern KEY_LITERAL =
            Pattern.compile("\"((?:kafka|topics|token|gateway|node|state|hello|admin|audit|wake|webpush|broadcast|dev)\\.[a-z][a-z.]*|log\\.format)\"");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.*]+)` \\| `([A-Z_<>]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyKeyTheCodeReadsIsDocumentedAndEveryDocumentedKeyIsRead() {
        Set<String> inCode = keysInCode();
        Set<String> documented = documentedKeys().keySet();

        assertThat(inCode).as("keys read by the code").isNotEmpty();
        assertThat(documented).as("rows of docs/configuration.md").containsAll(inCode);
        assertThat(inCode).as("keys read by the code").containsAll(documented);
    }

    @Test
    void eachRowNamesTheEnvironmentVariableOfItsKey() {
        documentedKeys().forEach((key, env) -> {
            String expected = key.endsWith(".*")
                    ? ConfigSource.envName(key.substring(0, key.length() - 2)) + "_<NAME>"
                    : ConfigSource.envName(key);
            assertThat(env).as("environment variable of %s", key).isEqualTo(expected);
        });
    }

    /** Literal keys; a literal ending in a dot is a pass-through prefix, documented as {@code prefix.*}. */
    private static Set<String> keysInCode() {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path sources : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher matcher = KEY_LITERAL.matcher(Files.readString(file, StandardCharsets.UTF_8));
                        while (matcher.find()) {
                            String key = matcher.group(1);
                            keys.add(key.endsWith(".") ? key + "*" : key);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private static Map<String, String> documentedKeys() {
        Map<String, String> rows = new TreeMap<>();
        try {
            Matcher matcher = ROW.matcher(Files.readString(ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8));
            while (matcher.find()) {
                rows.put(matcher.group(1), matcher.group(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
