package dev.simplepush.schemas;

/**
 * The outcome of one PUT, written to partition {@code gatewayId} of {@code gateway-replies} by
 * streams-state (stored, unknown) or by the delivery node that wrote to the socket (delivered, or
 * stored when the connection had gone).
 */
public record GatewayReply(int gatewayId, String requestId, PutOutcome outcome) {
}
