package dev.simplepush.schemas.token;

/** What an endpoint token names: one channel of one device. */
public record EndpointAddress(String uaid, String channelId) {
}
