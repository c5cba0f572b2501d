package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The echo error of spec §2.2: the device's own object with {@code status} and {@code error} set
 * (overwriting), every other field left as it was, including the spelling of {@code messageType}.
 */
public final class EchoError {
    private EchoError() {
    }

    /** The text to send; {@code source} itself is not modified. */
    public static String render(ObjectNode source, int status) {
        ObjectNode echo = source.deepCopy();
        echo.put("status", status);
        echo.put("error", ErrorKind.textFor(status));
        return DeviceJson.write(echo);
    }
}
