package dev.simplepush.schemas;

/**
 * A request to wake an offline device (spec §11.3), written by streams-state to
 * {@code wake-requests} (keyed by uaid) in the same transaction as the state change that called for
 * it, and read by the wake dispatcher, which hands it to the configured wake-up driver.
 *
 * @param uaid     the device
 * @param wake     where and on which network to wake it, as its latest hello said
 * @param version  the newest version pending for the device when the request was made
 * @param pending  how many channels had an update pending then (at least 1)
 * @param reason   why: {@link Reason#STORED} (an update was stored while it was offline) or
 *                 {@link Reason#DISCONNECTED} (it went offline with updates pending)
 * @param atMillis streams-state's wall-clock time when the request was made
 */
public record WakeRequest(String uaid, WakeData wake, long version, int pending, Reason reason, long atMillis) {

    /** Why a device is woken. */
    public enum Reason {
        /** An update was stored for the device while it was offline. */
        STORED,
        /** The device went offline (its socket closed, or its node died) with updates pending. */
        DISCONNECTED
    }
}
