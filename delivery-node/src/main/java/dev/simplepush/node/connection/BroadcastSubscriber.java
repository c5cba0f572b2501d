package dev.simplepush.node.connection;

/** A connection that follows broadcast ids ({@link BroadcastVersions#follow}). */
public interface BroadcastSubscriber {
    /**
     * The version of {@code id} may have changed: the subscriber tells its device the current one
     * if the device does not have it. Returns at once; {@code handled} runs once the subscriber has
     * dealt with it (its frame queued on the socket, or nothing to send), which lets a fan-out
     * bound how much work it has queued at a time.
     */
    void broadcastChanged(String id, Runnable handled);
}
