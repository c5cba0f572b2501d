package dev.simplepush.gateway;

import dev.simplepush.schemas.MetricName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests and connections turned down because of what the client sent (or failed to send),
 * counted by cause in {@link MetricName#GATEWAY_CLIENT_ERRORS}. Each cause is logged once per
 * process, at WARN, without a stack trace: a client must not be able to fill the disk through
 * our logs by repeating a mistake. Later ones are counted only (and logged at DEBUG).
 */
final class ClientErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ClientErrors.class);

    /** Why a client was turned down; the tag is the metric's {@code cause} value. */
    enum Cause {
        HEAD_TIMEOUT("head_timeout", "a request head was not complete within " + HttpLimits.HEAD_TIMEOUT),
        BODY_TIMEOUT("body_timeout", "a request body was not complete within " + HttpLimits.BODY_TIMEOUT),
        CAPACITY("capacity", "a connection was refused with 503: " + HttpLimits.MAX_CONNECTIONS + " are open"),
        BAD_FRAMING("bad_framing", "a request had a Content-Length that is not one decimal number (400)"),
        BODY_TOO_LARGE("body_too_large", "a request body was over " + GatewayConfig.MAX_BODY_BYTES + " (413)"),
        URI_TOO_LONG("uri_too_long", "a request target was over " + HttpLimits.MAX_URL_BYTES + " (414)"),
        HEADERS_TOO_LARGE("headers_too_large", "a request head was over " + HttpLimits.MAX_HEADER_BYTES + " or "
                + HttpLimits.MAX_HEADERS + " (431)"),
        TOO_MANY_FIELDS("too_many_fields", "a request had more form fields than " + HttpLimits.MAX_FORM_FIELDS
                + " (400)");

        private final String tag;
        private final String description;

        Cause(String tag, String description) {
            this.tag = tag;
            this.description = description;
        }

        String tag() {
            return tag;
        }
    }

    private final Map<Cause, Counter> counters = new EnumMap<>(Cause.class);
    private final Map<Cause, AtomicBoolean> logged = new EnumMap<>(Cause.class);

    ClientErrors(MeterRegistry registry) {
        for (Cause cause : Cause.values()) {
            counters.put(cause, Counter.builder(MetricName.GATEWAY_CLIENT_ERRORS.meterName())
                    .description(MetricName.GATEWAY_CLIENT_ERRORS.description())
                    .tag(MetricName.GATEWAY_CLIENT_ERRORS.tagKey(), cause.tag())
                    .register(registry));
            logged.put(cause, new AtomicBoolean());
        }
    }

    /** Counts one client error; the first of each cause is logged. */
    void record(Cause cause, Object peer) {
        counters.get(cause).increment();
        if (logged.get(cause).compareAndSet(false, true)) {
            LOG.warn("client error from {}: {}; logged once, further ones are counted in {}{{}=\"{}\"}", peer,
                    cause.description, MetricName.GATEWAY_CLIENT_ERRORS.prometheusName(),
                    MetricName.GATEWAY_CLIENT_ERRORS.tagKey(), cause.tag());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("client error from {}: {}", peer, cause.tag());
        }
    }

    /** Removes the counters from the registry. */
    void close(MeterRegistry registry) {
        counters.values().forEach(registry::remove);
    }
}
