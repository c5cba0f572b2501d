package dev.simplepush.node.protocol;

/**
 * The statuses of an echo error (spec §2.3, §2.4) with their fixed texts. Any status other than
 * 401 and 503 is sent with the text of {@link #UNEXPECTED}.
 */
public enum ErrorKind {
    /** Bad command, missing or invalid field, command before hello, ping too soon. */
    INVALID_COMMAND(401, "Invalid Command"),
    /** Invalid uaid in hello, second hello with another uaid, storage unavailable. */
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    /** Anything else. */
    UNEXPECTED(500, "An unexpected error occurred");

    private final int status;
    private final String text;

    ErrorKind(int status, String text) {
        this.status = status;
        this.text = text;
    }

    public int status() {
        return status;
    }

    public String text() {
        return text;
    }

    /** The text sent with {@code status}; unknown statuses share the 500 text (spec §2.3). */
    public static String textFor(int status) {
        for (ErrorKind kind : values()) {
            if (kind.status == status) {
                return kind.text;
            }
        }
        return UNEXPECTED.text;
    }
}
