package dev.simplepush.node.connection;

import dev.simplepush.node.protocol.ClientMessage;
import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the message ids a data-mode device sends back (webpush.md W2.3, W2.4) as the messages of
 * one uaid they name. A message id is authenticated, so a device cannot name another device's
 * message, and what does not authenticate is dropped here instead of being written to Kafka.
 * Static, so an idle connection pays nothing for it.
 */
final class PushAckReader {
    private PushAckReader() {
    }

    /**
     * The entries whose message id names {@code uaid} and the entry's own channel, among the
     * channels the connection was sent something on (as SimplePush acks, issue 17: an entry for
     * any other channel cannot acknowledge what it was sent). The channel is checked first, as it
     * costs no decryption.
     */
    static List<DeviceEvent.PushAckEntry> entries(MessageIds messageIds, String uaid,
            List<ClientMessage.PushAckRequest> requests, Set<String> deliveredChannels) {
        List<DeviceEvent.PushAckEntry> entries = new ArrayList<>(requests.size());
        for (ClientMessage.PushAckRequest request : requests) {
            if (!deliveredChannels.contains(request.channelId())) {
                continue;
            }
            own(messageIds, uaid, request.messageId())
                    .filter(ref -> ref.channelId().equals(request.channelId()))
                    .ifPresent(ref -> entries.add(new DeviceEvent.PushAckEntry(request.channelId(), ref.kind(),
                            ref.key(), request.code())));
        }
        return entries;
    }

    /** The message {@code messageId} names, if it authenticates and belongs to {@code uaid}. */
    static Optional<MessageRef> own(MessageIds messageIds, String uaid, String messageId) {
        return messageIds.decode(messageId).filter(ref -> ref.uaid().equals(uaid));
    }
}
