package dev.simplepush.gateway;

/**
 * What the gateway needs to know of one request to {@code /update/<token>}, free of Undertow.
 *
 * @param method        the HTTP method
 * @param token         the path segment after {@code /update/}
 * @param contentType   the Content-Type header, or null
 * @param contentLength the Content-Length header, or -1 (chunked or absent)
 * @param query         the raw query string, or null
 * @param body          the body as read (empty if none)
 */
record PutRequest(String method, String token, String contentType, long contentLength, String query, byte[] body) {
}
