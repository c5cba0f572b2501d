package dev.simplepush.launcher.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time given on the command line: an ISO-8601 instant ({@code 2026-11-28T01:00:00Z},
 * with an offset {@code 2026-11-28T02:00:00+01:00}, or a UTC date {@code 2026-11-28}), {@code now},
 * or relative to now: {@code -2h}, {@code -15m}, {@code -3d}, {@code -30s}, {@code -500ms}.
 */
public final class TimeArgument {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)(ms|s|m|h|d|w)");

    private TimeArgument() {
    }

    /**
     * @throws IllegalArgumentException with a message naming the accepted forms
     */
    public static Instant parse(String text, Clock clock) {
        String value = text.trim();
        if (value.equalsIgnoreCase("now")) {
            return clock.instant();
        }
        Matcher relative = RELATIVE.matcher(value.toLowerCase(Locale.ROOT));
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
            return clock.instant().minus(ago);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notWithOffset) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADate) {
                    throw new IllegalArgumentException("'" + text + "' is not a time: use an ISO-8601 instant such as "
                            + "2026-11-28T01:00:00Z, a date such as 2026-11-28 (UTC), now, or a time ago such as "
                            + "-2h, -15m, -3d");
                }
            }
        }
    }
}
