package dev.simplepush.testing;

import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Topic prefixes unique to one test class, made only of characters Kafka allows in names. */
final class TopicPrefix {
    /** Keeps room under Kafka's 249-character limit for the topic and Streams suffixes. */
    private static final int MAX_NAME_LENGTH = 40;

    private TopicPrefix() {
    }

    /**
     * {@code <simple class name>-<8 random hex digits>-}, e.g. {@code gatewayserviceit-1a2b3c4d-}.
     * Only letters, digits and dashes: Kafka warns when a cluster mixes {@code .} and {@code _} in
     * topic names, and our own names use dashes.
     */
    static String forClass(Class<?> testClass) {
        String name = testClass.getSimpleName().isEmpty() ? "test" : testClass.getSimpleName();
        String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (cleaned.length() > MAX_NAME_LENGTH) {
            cleaned = cleaned.substring(0, MAX_NAME_LENGTH);
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return cleaned + "-" + HexFormat.of().formatHex(random) + "-";
    }
}
