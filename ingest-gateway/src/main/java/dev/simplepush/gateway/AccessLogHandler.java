package dev.simplepush.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request on the SLF4J logger {@value #LOGGER} ({@code gateway.access.log}),
 * written when the exchange completes:
 *
 * <pre>203.0.113.7 "PUT /update/gAAAAABl… HTTP/1.1" 200 2 4.1ms</pre>
 *
 * <p>Tokens and message ids are credentials (whoever has one can wake the device, or cancel the
 * message), so only their first
 * {@value #TOKEN_PREFIX} characters are logged: enough to tell requests apart, useless to replay.
 * Query strings and bodies are never logged; other paths are cut at {@value #MAX_PATH} characters.
 */
final class AccessLogHandler implements HttpHandler {
    static final String LOGGER = "simplepush.access";
    static final int TOKEN_PREFIX = 8;
    static final int MAX_PATH = 64;
    private static final Logger ACCESS = LoggerFactory.getLogger(LOGGER);

    private final HttpHandler next;

    AccessLogHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long arrived = System.nanoTime();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                if (ACCESS.isInfoEnabled()) {
                    ACCESS.info("{} \"{} {} {}\" {} {} {}ms", remote(done), done.getRequestMethod(),
                            redactedPath(done.getRequestPath()), done.getProtocol(), done.getStatusCode(),
                            done.getResponseBytesSent(), String.format(Locale.ROOT, "%.1f",
                                    (System.nanoTime() - arrived) / 1e6));
                }
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }

    /**
     * The path with any token or message id cut to its first characters: {@code /update/gAAAAABl…},
     * {@code /m/AbCdEfGh…}. A message id is a credential too: whoever has it can cancel the message.
     */
    static String redactedPath(String path) {
        if (path == null) {
            return "-";
        }
        for (String prefix : new String[] {GatewayRouter.PREFIX, GatewayRouter.MESSAGE_PREFIX}) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                return prefix + (rest.length() <= TOKEN_PREFIX ? rest : rest.substring(0, TOKEN_PREFIX) + "…");
            }
        }
        return path.length() <= MAX_PATH ? path : path.substring(0, MAX_PATH) + "…";
    }

    private static String remote(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        if (peer == null) {
            return "-";
        }
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }
}
