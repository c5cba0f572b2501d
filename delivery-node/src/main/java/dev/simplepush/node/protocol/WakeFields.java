package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.WakeData;

/**
 * Reads the wake-up fields of a hello (spec §11.1). Anything malformed or out of the shapes of
 * §11.2 (an over-long string, a host name instead of an IP literal, a non-digit mcc) yields no wake
 * data and never fails the hello, so this returns null rather than an error.
 */
public final class WakeFields {
    private WakeFields() {
    }

    /** @return the wake data when both fields are present and well-formed, else null */
    public static WakeData of(ObjectNode hello) {
        JsonNode hostPort = DeviceJson.field(hello, "wakeup_hostport");
        if (hostPort == null) {
            hostPort = DeviceJson.field(hello, "wakeup_host");
        }
        JsonNode network = DeviceJson.field(hello, "mobilenetwork");
        if (hostPort == null || !hostPort.isObject() || network == null || !network.isObject()) {
            return null;
        }
        String ip = text((ObjectNode) hostPort, "ip");
        JsonNode port = DeviceJson.field((ObjectNode) hostPort, "port");
        String mcc = text((ObjectNode) network, "mcc");
        String mnc = text((ObjectNode) network, "mnc");
        JsonNode netidNode = DeviceJson.field((ObjectNode) network, "netid");
        if (port == null || !port.canConvertToExactIntegral() || !port.canConvertToInt()
                || (netidNode != null && !netidNode.isNull() && !netidNode.isTextual())) {
            return null;
        }
        String netid = netidNode == null || netidNode.isNull() ? null : netidNode.textValue();
        // The shapes themselves (an IP literal, 2–3 digit codes, bounded lengths) are WakeData's,
        // so what the node accepts is exactly what streams-state will keep.
        return WakeData.of(ip, port.intValue(), mcc, mnc, netid);
    }

    private static String text(ObjectNode object, String name) {
        JsonNode value = DeviceJson.field(object, name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
