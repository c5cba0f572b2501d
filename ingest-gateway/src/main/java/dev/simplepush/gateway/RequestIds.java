package dev.simplepush.gateway;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Request ids {@code <gatewayId>-<boot>-<counter>}: unique across gateways by the id, across
 * restarts of one gateway by a random boot part, and cheap to make.
 */
final class RequestIds implements Supplier<String> {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    RequestIds(int gatewayId) {
        byte[] boot = new byte[8];
        new SecureRandom().nextBytes(boot);
        this.prefix = gatewayId + "-" + HexFormat.of().formatHex(boot) + "-";
    }

    @Override
    public String get() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }
}
