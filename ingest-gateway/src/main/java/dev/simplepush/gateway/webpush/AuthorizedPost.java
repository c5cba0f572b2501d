package dev.simplepush.gateway.webpush;

import dev.simplepush.schemas.token.Subscription;
import java.util.Objects;
import java.util.Optional;

/**
 * A POST whose token authenticated and whose VAPID, if any or if required, passed (spec W4.3,
 * W5): decided from the path and headers, before the body is read.
 *
 * @param subscription what the token names
 * @param vapid        the verified VAPID claims, empty for an unrestricted subscription sent to
 *                     without VAPID
 */
public record AuthorizedPost(Subscription subscription, Optional<VapidClaims> vapid) {

    public AuthorizedPost {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(vapid, "vapid");
    }
}
