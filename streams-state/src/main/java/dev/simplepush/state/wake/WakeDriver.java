package dev.simplepush.state.wake;

import dev.simplepush.schemas.WakeRequest;

/**
 * A wake-up driver (spec §11.3): reaches an offline device, or its carrier, so the device
 * reconnects and collects what is pending. Waking is best effort: the update itself is already
 * stored, and the device gets it at its next connection whatever the driver does.
 *
 * <p>{@code wake.driver} selects one: {@code none}, {@code http} ({@link HttpWakeDriver}),
 * {@code udp} ({@link UdpWakeDriver}), or the fully qualified name of an operator's own class
 * implementing this interface, with a public constructor taking a
 * {@link dev.simplepush.schemas.config.ConfigSource} (to read its own settings) or none.
 *
 * <p>The wake dispatcher calls {@link #wake} from several threads at once, never from a Kafka
 * Streams thread, and may block on network I/O; implementations must be thread-safe and should
 * bound every call with a timeout.
 */
public interface WakeDriver extends AutoCloseable {

    /**
     * Tries once to wake the device.
     *
     * @return the outcome; a thrown exception counts as {@link WakeResult#FAILED} (retried)
     */
    WakeResult wake(WakeRequest request) throws Exception;

    /** Releases sockets and threads; called once when streams-state stops. */
    @Override
    default void close() {
    }
}
