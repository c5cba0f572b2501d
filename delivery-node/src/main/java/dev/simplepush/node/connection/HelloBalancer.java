package dev.simplepush.node.connection;

/**
 * Decides, when a device says its first hello on this node, whether to keep it or send it to a
 * less loaded node (spec §12). Asked by {@link Connection} in the awaiting-hello state, before
 * anything is sent to streams-state. Thread-safe.
 */
@FunctionalInterface
public interface HelloBalancer {
    /** Never redirects: the default, redirects being off unless configured. */
    HelloBalancer OFF = identified -> Decision.BELOW_THRESHOLD;

    /**
     * @param identifiedConnections connections on this node that have completed a hello, not
     *                              counting the one asking
     */
    Decision decide(int identifiedConnections);

    /**
     * What to do with a hello.
     *
     * @param outcome  below the threshold, redirect, or at the threshold without a peer to send it to
     * @param redirect the peer's WebSocket URL when redirecting, else null
     */
    record Decision(Outcome outcome, String redirect) {
        public static final Decision BELOW_THRESHOLD = new Decision(Outcome.BELOW_THRESHOLD, null);
        public static final Decision NO_PEER = new Decision(Outcome.NO_PEER, null);

        public static Decision redirectTo(String url) {
            return new Decision(Outcome.REDIRECT, url);
        }
    }

    enum Outcome {
        /** The node is below its threshold (or has none): accept here. */
        BELOW_THRESHOLD,
        /** Answer 307 with the peer's URL and close. */
        REDIRECT,
        /** At or above the threshold, but no live peer is below its own: accept here, never loop. */
        NO_PEER
    }
}
