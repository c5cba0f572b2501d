package dev.simplepush.gateway;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.broadcast.Broadcast;
import dev.simplepush.schemas.broadcast.BroadcastPublisher;
import dev.simplepush.schemas.broadcast.BroadcastReader;
import dev.simplepush.schemas.broadcast.BroadcastTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's part in broadcasts (webpush.md W6), when {@code broadcast.tokens} is set: the
 * Megaphone-compatible {@link BroadcastApi}, a producer for the {@code broadcasts} topic and the
 * audit trail, and a reader of the topic for GET and for telling a new id (201) from a new
 * version (200). Why the gateway: it is already the hardened, authenticated HTTP edge that writes
 * to Kafka with acks=all, and a set is one such write.
 */
final class GatewayBroadcasts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayBroadcasts.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final BroadcastPublisher publisher;
    private final BroadcastReader reader;
    private final BroadcastApi api;
    private final MeterRegistry meters;

    private GatewayBroadcasts(BroadcastPublisher publisher, BroadcastReader reader, BroadcastApi api,
            MeterRegistry meters) {
        this.publisher = publisher;
        this.reader = reader;
        this.api = api;
        this.meters = meters;
    }

    /** Reads the topic whole, then serves the API in front of {@code next}. */
    static GatewayBroadcasts start(GatewayConfig config, MeterRegistry meters, HttpHandler next) {
        BroadcastTable table = new BroadcastTable();
        BroadcastPublisher publisher = new BroadcastPublisher(config.kafka(), config.topics().broadcasts(),
                config.audit().enabled() ? config.topics().audit() : null,
                "simplepush-gateway-" + config.gatewayId() + "-broadcasts");
        BroadcastReader reader = null;
        try {
            publisher.warmUp();
            reader = BroadcastReader.start(config.kafka(), config.topics().broadcasts(),
                    "simplepush-gateway-" + config.gatewayId() + "-broadcast-reader", table, BroadcastReader.Listener.NONE);
            if (!reader.awaitLoaded(LOAD_TIMEOUT)) {
                throw new IllegalStateException("could not read " + config.topics().broadcasts().name() + " within "
                        + LOAD_TIMEOUT);
            }
            BroadcastApi api = new BroadcastApi(next, config.broadcasts(), table, store(publisher),
                    config.gatewayId(), Clock.systemUTC(), meters);
            LOG.info("gateway {} serves the broadcast API ({}), {} broadcast(s)", config.gatewayId(),
                    config.broadcasts(), table.size());
            return new GatewayBroadcasts(publisher, reader, api, meters);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(reader, publisher);
            throw new IllegalStateException("interrupted while reading the broadcasts", e);
        } catch (RuntimeException e) {
            close(reader, publisher);
            throw e;
        }
    }

    private static BroadcastApi.Store store(BroadcastPublisher publisher) {
        return new BroadcastApi.Store() {
            @Override
            public CompletableFuture<Long> publish(Broadcast broadcast) {
                return publisher.publish(broadcast);
            }

            @Override
            public void audit(AuditEvent.BroadcastSet event) {
                publisher.audit(event).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.warn("could not write the audit record of broadcast {}: {}", event.broadcastId(),
                                failure.toString());
                    }
                });
            }
        };
    }

    /** The handler: the API in front of the gateway's other routes. */
    HttpHandler handler() {
        return api;
    }

    private static void close(BroadcastReader reader, BroadcastPublisher publisher) {
        if (reader != null) {
            reader.close();
        }
        publisher.close();
    }

    @Override
    public void close() {
        close(reader, publisher);
        api.close(meters);
    }
}
