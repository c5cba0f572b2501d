package dev.simplepush.gateway.webpush;

import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.PushHeaders;
import dev.simplepush.schemas.PushMessage;
import dev.simplepush.schemas.WebPushRequest;
import dev.simplepush.schemas.token.Base64Url;
import dev.simplepush.schemas.token.MessageRef;

/**
 * The {@link Notification} records the Web Push routes write to {@code notifications}: what
 * streams-state stores and decides, and (in {@link PushMessage}) exactly what a data-mode device
 * receives (spec W3.1). Pure, so every field is a unit test.
 */
public final class WebPushNotifications {

    private WebPushNotifications() {
    }

    /**
     * An accepted POST. Its {@code version} is the acceptance time in milliseconds: what a device in
     * SimplePush mode receives instead of the message (W3.9).
     */
    public static Notification post(String requestId, int gatewayId, AcceptedPost post, long acceptedAtMillis) {
        MessageRef ref = post.messageRef();
        WebPushMessage message = post.message();
        WebPushRequest.Post request = new WebPushRequest.Post(pushMessage(post), ref.kind(), ref.key(),
                message.topic().orElse(null), message.urgency().header(), message.body().length);
        return new Notification(requestId, gatewayId, ref.uaid(), ref.channelId(), acceptedAtMillis, null,
                acceptedAtMillis, request);
    }

    /** A {@code DELETE /m/<id>} whose id authenticated (W4.8): the message's channel, version 0. */
    public static Notification cancel(String requestId, int gatewayId, MessageRef ref, long acceptedAtMillis) {
        return new Notification(requestId, gatewayId, ref.uaid(), ref.channelId(), 0, null, acceptedAtMillis,
                new WebPushRequest.Cancel(ref.kind(), ref.key()));
    }

    /**
     * W3.1: {@code data} is the body byte-exact in base64url without padding, and {@code headers}
     * its coding; both null for an empty body. The aesgcm headers travel as received, because
     * Gecko parses them itself.
     */
    static PushMessage pushMessage(AcceptedPost post) {
        WebPushMessage message = post.message();
        PushHeaders headers = message.encoding()
                .map(encoding -> encoding == ContentEncoding.AESGCM
                        ? new PushHeaders(encoding.header(), message.encryption(), message.cryptoKey())
                        : new PushHeaders(encoding.header(), null, null))
                .orElse(null);
        String data = message.body().length == 0 ? null : Base64Url.encode(message.body());
        return new PushMessage(post.messageRef().channelId(), post.messageId(), message.ttlSeconds(), data,
                data == null ? null : headers);
    }
}
