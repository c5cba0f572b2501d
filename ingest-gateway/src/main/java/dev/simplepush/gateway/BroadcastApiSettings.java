package dev.simplepush.gateway;

import dev.simplepush.schemas.broadcast.BroadcastIds;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may use the broadcast API (Megaphone-compatible, docs/configuration.md "Broadcasts"): bearer
 * tokens of broadcasters, each of which may set only its own {@code <broadcaster>/*} ids, and of
 * readers, which may list every version. A name may have several tokens (for rotation); a token
 * belongs to one name. Tokens are secrets: only their SHA-256 is kept, and {@link #toString()}
 * shows names and counts.
 *
 * @param broadcasterTokens SHA-256 of each token of {@code broadcast.tokens}
 *                          ({@code broadcaster=token,...}) → its broadcaster
 * @param readerTokens      SHA-256 of each token of {@code broadcast.reader.tokens}
 *                          ({@code reader=token,...}) → its reader
 */
public record BroadcastApiSettings(Map<String, String> broadcasterTokens, Map<String, String> readerTokens) {
    public static final String TOKENS = "broadcast.tokens";
    public static final String READER_TOKENS = "broadcast.reader.tokens";
    /** Short tokens can be guessed: a token is a random secret, not a password. */
    public static final int MIN_TOKEN_LENGTH = 16;
    public static final BroadcastApiSettings OFF = new BroadcastApiSettings(Map.of(), Map.of());

    public BroadcastApiSettings {
        broadcasterTokens = Map.copyOf(broadcasterTokens);
        readerTokens = Map.copyOf(readerTokens);
    }

    /** The API is served only when some broadcaster has a token; otherwise its paths stay 404. */
    public boolean enabled() {
        return !broadcasterTokens.isEmpty();
    }

    /** The broadcaster whose token this is. */
    public Optional<String> broadcaster(String token) {
        return Optional.ofNullable(broadcasterTokens.get(hash(token)));
    }

    /** The reader whose token this is. */
    public Optional<String> reader(String token) {
        return Optional.ofNullable(readerTokens.get(hash(token)));
    }

    public static BroadcastApiSettings from(ConfigSource config) {
        Map<String, String> broadcasters = parse(config.getList(TOKENS), TOKENS, true);
        Map<String, String> readers = parse(config.getList(READER_TOKENS), READER_TOKENS, false);
        for (Map.Entry<String, String> reader : readers.entrySet()) {
            if (broadcasters.containsKey(reader.getKey())) {
                throw new IllegalConfigurationException(READER_TOKENS, "a token of reader " + reader.getValue()
                        + " is also a broadcaster's token; give each its own");
            }
            if (broadcasters.containsValue(reader.getValue())) {
                throw new IllegalConfigurationException(READER_TOKENS, "'" + reader.getValue()
                        + "' is both a broadcaster and a reader; use another name");
            }
        }
        return new BroadcastApiSettings(broadcasters, readers);
    }

    private static Map<String, String> parse(List<String> entries, String key, boolean broadcasters) {
        Map<String, String> tokens = new HashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                // Never echo the entry: it holds a secret.
                throw new IllegalConfigurationException(key, "each entry must be name=token");
            }
            String name = entry.substring(0, equals).trim();
            String token = entry.substring(equals + 1).trim();
            if (broadcasters ? !BroadcastIds.validBroadcaster(name) : name.isEmpty()) {
                throw new IllegalConfigurationException(key, "'" + name + "' is not a valid "
                        + (broadcasters ? "broadcaster id (URL-safe base64, at most 64 characters)" : "name"));
            }
            if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalConfigurationException(key, "the token of " + name + " must be at least "
                        + MIN_TOKEN_LENGTH + " printable ASCII characters without spaces");
            }
            if (tokens.put(hash(token), name) != null) {
                throw new IllegalConfigurationException(key, "a token of " + name + " is given twice");
            }
        }
        return tokens;
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Names and token counts, never the tokens. */
    @Override
    public String toString() {
        Set<String> broadcasters = new TreeSet<>(broadcasterTokens.values());
        Set<String> readers = new TreeSet<>(readerTokens.values());
        return "BroadcastApi[" + (enabled() ? "broadcasters=" + broadcasters + ", readers=" + readers + ", tokens="
                + (broadcasterTokens.size() + readerTokens.size()) : "off") + "]";
    }
}
