package dev.simplepush.schemas.broadcast;

/**
 * The version of one broadcast (webpush.md W6; Mozilla's Megaphone): the value of a record of the
 * compacted {@code broadcasts} topic, keyed by {@link #id()}. The topic keeps the newest record of
 * every id, so read whole it is the current version table. A tombstone (null value) removes an id.
 *
 * @param id          {@code <broadcaster>/<channel>}, e.g. {@code remote-settings/monitor_changes}
 *                    ({@link BroadcastIds})
 * @param version     the version devices are told, opaque, ASCII, 1 to 200 characters
 * @param setAtMillis when it was set, epoch milliseconds of the writer's clock
 * @param setBy       who set it: {@code api:<broadcaster>} for the HTTP API, {@code cli} for
 *                    {@code ./simplepush broadcast set}
 */
public record Broadcast(String id, String version, long setAtMillis, String setBy) {
}
