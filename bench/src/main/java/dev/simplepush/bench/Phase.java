package dev.simplepush.bench;

/** Moments of a run at which the processes it watches are sampled. */
enum Phase {
    /** Before any device connects. */
    STARTING,
    /** Warm-up over: measuring begins. */
    MEASURING,
    /** Backlog: every POST answered, the messages stored, the devices still offline. */
    STORED,
    /** Measuring over; the load stops and the last deliveries drain. */
    MEASURED
}
