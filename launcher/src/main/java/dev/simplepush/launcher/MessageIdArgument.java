package dev.simplepush.launcher;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Web Push message id given on the command line, opened with the deployment's {@code token.keys}
 * (or, without them, dev mode's key file in its data directory): the id is authenticated
 * encryption of its uaid, channel and key, so only the keys that made it can read it.
 */
final class MessageIdArgument {
    private MessageIdArgument() {
    }

    static Optional<MessageRef> decode(String messageId, ConfigSource config, Path devDataDir) {
        List<String> keys = config.getList(EndpointTokens.KEYS_SETTING);
        if (keys.isEmpty()) {
            Path file = devDataDir.resolve("endpoint-token.key");
            try {
                keys = List.of(Files.readString(file, StandardCharsets.US_ASCII).trim());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        try {
            return new MessageIds(EndpointTokens.fromBase64(keys)).decode(messageId.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
