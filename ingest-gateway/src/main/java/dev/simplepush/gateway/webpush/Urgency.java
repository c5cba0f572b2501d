package dev.simplepush.gateway.webpush;

import java.util.Optional;

/** RFC 8030 §5.3. Recorded and carried; delivery does not depend on it (spec W4.2). */
public enum Urgency {
    VERY_LOW("very-low"), LOW("low"), NORMAL("normal"), HIGH("high");

    private final String header;

    Urgency(String header) {
        this.header = header;
    }

    /** The header's spelling. */
    public String header() {
        return header;
    }

    public static Optional<Urgency> parse(String header) {
        for (Urgency urgency : values()) {
            if (urgency.header.equals(header)) {
                return Optional.of(urgency);
            }
        }
        return Optional.empty();
    }
}
