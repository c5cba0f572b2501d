package dev.simplepush.gateway;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/** The version rules of spec §9.5. */
final class Versions {
    private Versions() {
    }

    /**
     * A base-10 integer from 0 to 2^63−1 with an optional leading {@code +}; missing or empty
     * means now.
     *
     * @param raw              the form value, already percent-decoded, or null if absent
     * @param nowEpochSeconds  the current UTC epoch seconds, asked only when needed
     * @return the version, or empty when {@code raw} is not a valid version (400)
     */
    static OptionalLong parse(String raw, LongSupplier nowEpochSeconds) {
        if (raw == null || raw.isEmpty()) {
            return OptionalLong.of(nowEpochSeconds.getAsLong());
        }
        int start = raw.charAt(0) == '+' ? 1 : 0;
        if (start == raw.length()) {
            return OptionalLong.empty();
        }
        // Only ASCII digits: Long.parseLong would also take '-' and non-ASCII digits.
        for (int i = start; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(raw, start, raw.length(), 10));
        } catch (NumberFormatException overflow) {
            return OptionalLong.empty();
        }
    }
}
