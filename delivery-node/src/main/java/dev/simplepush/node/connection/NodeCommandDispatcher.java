package dev.simplepush.node.connection;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.token.MessageIds;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each node command to its live connection. A delivery for a connection that is gone is
 * answered as stored at once, so the gateway is not left waiting for a socket that no longer
 * exists (spec §9.9); any other command for it is dropped.
 */
public final class NodeCommandDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommandDispatcher.class);

    private final ConnectionRegistry registry;
    private final NodeOutbound outbound;
    private final NodeMetrics metrics;
    private final MessageIds messageIds;

    /** @param messageIds this node's Web Push message ids: to audit a message it could not deliver */
    public NodeCommandDispatcher(ConnectionRegistry registry, NodeOutbound outbound, NodeMetrics metrics,
            MessageIds messageIds) {
        this.registry = registry;
        this.outbound = outbound;
        this.metrics = metrics;
        this.messageIds = messageIds;
    }

    /** Without metrics anyone reads. */
    public NodeCommandDispatcher(ConnectionRegistry registry, NodeOutbound outbound, MessageIds messageIds) {
        this(registry, outbound, NodeMetrics.unread(), messageIds);
    }

    public void dispatch(NodeCommand command) {
        Optional<Connection> connection = registry.find(command.connectionId());
        if (connection.isPresent()) {
            connection.get().receiveCommand(command);
            return;
        }
        if (command instanceof NodeCommand.Deliver deliver) {
            metrics.notWritten(deliver.noStore());
            RoutingAudit.notDelivered(deliver, messageIds).forEach(outbound::audit);
            NodeCommand.ReplyTo replyTo = deliver.replyTo();
            if (replyTo != null) {
                outbound.reply(deliver.uaid(), new GatewayReply(replyTo.gatewayId(), replyTo.requestId(),
                        deliver.offlineOutcome()));
            }
        } else {
            LOG.debug("no connection {} for {}", command.connectionId(), command.getClass().getSimpleName());
        }
    }
}
