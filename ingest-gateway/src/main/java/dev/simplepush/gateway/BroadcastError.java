package dev.simplepush.gateway;

/**
 * The errors of the broadcast API, with Megaphone's status, errno and message, so a client of
 * Megaphone reads them the same: the body is {@code {"code":<status>,"errno":<errno>,"error":"<message>"}}.
 */
enum BroadcastError {
    INVALID_BROADCASTER(400, 100, "Invalid broadcasterID (must be URL safe base64, <= 64 characters)"),
    INVALID_CHANNEL(400, 101, "Invalid bchannelID (must be URL safe base64, <= 128 characters)"),
    INVALID_VERSION(400, 103, "Invalid Version (must be ASCII, <= 200 characters)"),
    MISSING_AUTH(401, 120, "Missing authorization header"),
    INVALID_AUTH(401, 121, "Invalid authorization header"),
    FORBIDDEN(403, 122, "Access denied to the requested resource"),
    NOT_FOUND(404, 123, "Not Found"),
    UNAVAILABLE(503, 202, "The broadcast could not be stored; try again");

    private final int status;
    private final int errno;
    private final String message;

    BroadcastError(int status, int errno, String message) {
        this.status = status;
        this.errno = errno;
        this.message = message;
    }

    int status() {
        return status;
    }

    int errno() {
        return errno;
    }

    String message() {
        return message;
    }
}
