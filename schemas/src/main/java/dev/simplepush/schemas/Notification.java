package dev.simplepush.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An update accepted by the gateway: written to {@code notifications}, keyed by uaid, with
 * acks=all before the app server hears anything.
 *
 * @param requestId        unique per PUT; the gateway matches the reply with it
 * @param gatewayId        the partition of {@code gateway-replies} that waits for the outcome
 * @param uaid             the device, as decoded from the endpoint token
 * @param channelId        the channel, as decoded from the endpoint token
 * @param version          the parsed version (spec §9.5)
 * @param data             the optional data field, null when absent or empty (spec §9.6)
 * @param acceptedAtMillis wall-clock time the gateway accepted the PUT
 * @param webPush          the POST or DELETE this record carries (spec W4), or null for a PUT. For a
 *                         POST, {@code version} is {@code acceptedAtMillis}: what a device in
 *                         SimplePush mode receives (spec W3.9); for a DELETE, {@code version} is 0
 */
public record Notification(
        String requestId,
        int gatewayId,
        String uaid,
        String channelId,
        long version,
        String data,
        long acceptedAtMillis,
        WebPushRequest webPush) {

    /** A SimplePush PUT. */
    public Notification(String requestId, int gatewayId, String uaid, String channelId, long version, String data,
            long acceptedAtMillis) {
        this(requestId, gatewayId, uaid, channelId, version, data, acceptedAtMillis, null);
    }

    @JsonIgnore
    public boolean isPut() {
        return webPush == null;
    }
}
