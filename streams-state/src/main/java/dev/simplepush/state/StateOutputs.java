package dev.simplepush.state;

import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.audit.AuditEvent;

/** Where the processor's decisions go: the sinks of {@link StateTopology}, and its clock. */
interface StateOutputs {
    /** To {@code node-commands}, in order with every other command of the uaid (hello results, flushes). */
    void toNode(NodeCommand command);

    /** A live delivery: to {@code deliveries} with fast deliveries, else {@code node-commands}. */
    void live(NodeCommand.Deliver deliver);

    void reply(Notification notification, PutOutcome outcome);

    /**
     * Where the node answers a request routed to it. With the audit on, it also carries the
     * routing's time: the node writes the {@code routed} fact with its delivery, so the caller
     * audits no routing of its own.
     */
    NodeCommand.ReplyTo routedToNode(Notification notification);

    void audit(AuditEvent event);

    long now();
}
