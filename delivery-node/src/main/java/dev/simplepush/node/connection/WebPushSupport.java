package dev.simplepush.node.connection;

import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.schemas.token.MessageIds;
import dev.simplepush.schemas.token.SubscriptionTokens;

/**
 * What data-mode connections (webpush.md W1–W3, W6) share beyond the settings: message ids to
 * check acks and nacks against (W2.3), tokens to bind an endpoint to an application server key
 * (W2.1), and the broadcasts served (W6.1). Both token kinds use the node's endpoint token keys,
 * which the gateway and streams-state share.
 */
public record WebPushSupport(MessageIds messageIds, SubscriptionTokens subscriptions, BroadcastVersions broadcasts) {

    /** Under {@code tokens}' keys, serving no broadcasts. */
    public static WebPushSupport of(EndpointTokens tokens) {
        return new WebPushSupport(new MessageIds(tokens), new SubscriptionTokens(tokens), BroadcastVersions.NONE);
    }
}
