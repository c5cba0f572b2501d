package dev.simplepush.node.connection;

import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.MessageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The routing streams-state left this node to audit ({@code ReplyTo.routedAtMillis}): it rides in
 * the delivery's own record when the frame is written, and is written on its own when it is not,
 * so every routing to a node is in the audit trail exactly as streams-state would have written it.
 */
final class RoutingAudit {
    private RoutingAudit() {
    }

    /** When streams-state routed this delivery here, if this node is to audit that; else null. */
    static Long routedAt(NodeCommand.Deliver deliver) {
        return deliver.replyTo() == null ? null : deliver.replyTo().routedAtMillis();
    }

    /**
     * The routing of a delivery that was not written (the connection had gone, or its write
     * failed), as streams-state would have written it; empty when streams-state wrote it itself.
     * A Web Push message whose id does not decode (never from our streams-state) is left out.
     */
    static List<AuditEvent> notDelivered(NodeCommand.Deliver deliver, List<Update> updates, List<PushMessage> messages,
            MessageIds messageIds) {
        Long routedAt = routedAt(deliver);
        if (routedAt == null) {
            return List.of();
        }
        String requestId = deliver.replyTo().requestId();
        List<AuditEvent> facts = new ArrayList<>(updates.size() + messages.size());
        for (Update update : updates) {
            facts.add(new AuditEvent.Routed(deliver.uaid(), update.channelId(), update.version(),
                    AuditEvent.Route.NODE, deliver.nodeId(), deliver.connectionId(), requestId, routedAt));
        }
        for (PushMessage message : messages) {
            Optional<MessageRef> ref = messageIds.decode(message.messageId());
            ref.ifPresent(r -> facts.add(new AuditEvent.PushRouted(deliver.uaid(), message.channelId(), r.kind(),
                    r.key(), AuditEvent.PushRoute.NODE, deliver.nodeId(), deliver.connectionId(), requestId,
                    routedAt)));
        }
        return facts;
    }

    /** As {@link #notDelivered(NodeCommand.Deliver, List, List, MessageIds)}, for all of it. */
    static List<AuditEvent> notDelivered(NodeCommand.Deliver deliver, MessageIds messageIds) {
        return notDelivered(deliver, deliver.updates(), deliver.pushMessages(), messageIds);
    }
}
