package dev.simplepush.bench;

/** What a bench run does with its devices. */
enum Scenario {
    /** Closed loop: a fixed number of PUTs in flight, each waiting for its notification. */
    THROUGHPUT,
    /** Open loop: PUTs at a steady rate, whatever the server does. */
    LATENCY,
    /** Connected, registered, idle devices; with {@code --node-pid}, the node's memory per connection. */
    IDLE,
    /** A steady rate while a share of the devices drops and reconnects every minute. */
    SOAK,
    /**
     * Every device on the first node, which is then killed ({@code --kill-pid}); one PUT per device
     * from the kill on; per device, the time from the kill until it said hello again elsewhere and
     * got its update.
     */
    STORM,
    /** Devices spread over several nodes, a steady sample of PUTs to all of them, each node's memory. */
    SCALEOUT,
    /**
     * Every device subscribed to one broadcast, a steady rate of PUTs, and a new broadcast version
     * every {@code --broadcast-every}: PUT → each device's broadcast frame, and notification
     * latency during a fan-out against outside one.
     */
    BROADCAST,
    /**
     * Web Push: every device registers, goes offline, gets {@code --backlog} POSTs stored, then all
     * reconnect at once; the time until every device has had (and acked) its whole backlog, and the
     * server's memory and state directory with the backlog stored and after the flush.
     */
    BACKLOG
}
