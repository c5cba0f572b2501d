package dev.simplepush.gateway;

import dev.simplepush.schemas.Notification;
import java.util.concurrent.CompletionStage;

/**
 * Where accepted notifications go. The stage completes once the notification is durable
 * (acks=all), or exceptionally if it could not be written. Implementations must not block for
 * long: {@link #send} is called from a worker thread of the HTTP server.
 */
interface NotificationSink {
    CompletionStage<Void> send(Notification notification);
}
