package dev.simplepush.state;

/**
 * The value of the {@code presence} store: the newest live connection of a uaid (spec §3.4).
 *
 * @param nodeId       the delivery node holding the socket; also its partition of node-commands
 * @param connectionId the node's id of that socket
 */
record Presence(int nodeId, String connectionId) {

    boolean names(int otherNodeId, String otherConnectionId) {
        return nodeId == otherNodeId && connectionId.equals(otherConnectionId);
    }
}
