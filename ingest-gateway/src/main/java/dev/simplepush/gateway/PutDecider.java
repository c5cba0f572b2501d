package dev.simplepush.gateway;

import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.token.EndpointAddress;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.SubscriptionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The checks of spec §9.8 in their order — method, body size, (field count,) version, data, token (a
 * restricted Web Push subscription's token is 403, spec W5.4) — turning a
 * request into a notification or an error. Pure: no Undertow, no Kafka, so every rule is a unit
 * test. OPTIONS never gets here; the router answers it.
 */
final class PutDecider {
    static final String PUT = "PUT";
    static final int DEFAULT_MAX_FORM_FIELDS = 32;

    private final int gatewayId;
    private final int maxBodyBytes;
    private final int maxDataBytes;
    private final int maxFormFields;
    private final EndpointTokens tokens;
    /** Only to tell a restricted token (403, W5.4) from a bad one (404): PUTs never send to one. */
    private final SubscriptionTokens subscriptions;
    private final Clock clock;
    private final Supplier<String> requestIds;

    PutDecider(int gatewayId, int maxBodyBytes, int maxDataBytes, EndpointTokens tokens, Clock clock,
            Supplier<String> requestIds) {
        this(gatewayId, maxBodyBytes, maxDataBytes, DEFAULT_MAX_FORM_FIELDS, tokens, clock, requestIds);
    }

    /** @param maxFormFields {@code gateway.max.form.fields}: more fields in body and query get 400 */
    PutDecider(int gatewayId, int maxBodyBytes, int maxDataBytes, int maxFormFields, EndpointTokens tokens,
            Clock clock, Supplier<String> requestIds) {
        this.maxFormFields = maxFormFields;
        this.gatewayId = gatewayId;
        this.maxBodyBytes = maxBodyBytes;
        this.maxDataBytes = maxDataBytes;
        this.tokens = tokens;
        this.subscriptions = new SubscriptionTokens(tokens);
        this.clock = clock;
        this.requestIds = requestIds;
    }

    int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The checks that need no body: run before reading it, so a huge body is never read. */
    Optional<PutDecision.Rejected> beforeBody(String method, long contentLength) {
        if (!PUT.equals(method)) {
            return Optional.of(PutDecision.Rejected.of(GatewayError.METHOD_NOT_ALLOWED));
        }
        if (contentLength > maxBodyBytes) {
            return Optional.of(bodyTooLarge());
        }
        return Optional.empty();
    }

    PutDecision decide(PutRequest request) {
        Optional<PutDecision.Rejected> early = beforeBody(request.method(), request.contentLength());
        if (early.isPresent()) {
            return early.get();
        }
        if (request.body().length > maxBodyBytes) {
            return bodyTooLarge();
        }
        FormData form = FormData.of(request.contentType(), request.query(), request.body(), maxFormFields);
        if (form.tooManyFields()) {
            return PutDecision.Rejected.of(GatewayError.TOO_MANY_FIELDS);
        }
        OptionalLong version = Versions.parse(form.firstSigned("version"), () -> clock.instant().getEpochSecond());
        if (version.isEmpty()) {
            return PutDecision.Rejected.of(GatewayError.INVALID_VERSION);
        }
        String data = form.first("data");
        if (data != null && data.isEmpty()) {
            data = null;
        }
        if (data != null && utf8Length(data) > maxDataBytes) {
            return new PutDecision.Rejected(GatewayError.DATA_TOO_LARGE, GatewayError.DATA_TOO_LARGE.message(maxDataBytes));
        }
        Optional<EndpointAddress> address = request.token() == null || request.token().isEmpty()
                ? Optional.empty() : tokens.decode(request.token());
        if (address.isEmpty()) {
            boolean restricted = request.token() != null && !request.token().isEmpty()
                    && subscriptions.decode(request.token()).filter(s -> s.restricted()).isPresent();
            return PutDecision.Rejected.of(restricted ? GatewayError.RESTRICTED_SUBSCRIPTION : GatewayError.INVALID_TOKEN);
        }
        return new PutDecision.Accepted(new Notification(requestIds.get(), gatewayId, address.get().uaid(),
                address.get().channelId(), version.getAsLong(), data, clock.millis()));
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private PutDecision.Rejected bodyTooLarge() {
        return new PutDecision.Rejected(GatewayError.BODY_TOO_LARGE, GatewayError.BODY_TOO_LARGE.message(maxBodyBytes));
    }
}
