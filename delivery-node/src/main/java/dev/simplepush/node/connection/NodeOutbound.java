package dev.simplepush.node.connection;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.audit.AuditEvent;

/**
 * What a delivery node sends to Kafka. Implemented with a producer in production and by a
 * recorder in tests. Thread-safe; sends are asynchronous and never block on an acknowledgement.
 */
public interface NodeOutbound {

    /** To {@code device-events}, keyed by the event's uaid. */
    void publish(DeviceEvent event);

    /** To partition {@code reply.gatewayId()} of {@code gateway-replies}, keyed by {@code uaid}. */
    void reply(String uaid, GatewayReply reply);

    /**
     * To {@code audit}, keyed by the event's uaid, with its time as the record timestamp; does
     * nothing when {@code audit.enabled} is false. A failed write is counted and logged, never
     * thrown.
     */
    default void audit(AuditEvent event) {
    }
}
