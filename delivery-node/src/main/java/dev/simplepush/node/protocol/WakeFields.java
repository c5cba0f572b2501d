package dev.simplepush.node.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.WakeData;

/**
 * Reads the wake-up fields of a hello (spec §11.1). Anything malformed yields no wake data and
 * never fails the hello (§11.2), so this returns null rather than an error.
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
        if (ip == null || ip.isEmpty() || port == null || !port.canConvertToExactIntegral() || !port.canConvertToInt()
                || port.intValue() < 1 || port.intValue() > 65535
                || mcc == null || mcc.isEmpty() || mnc == null || mnc.isEmpty()
                || (netidNode != null && !netidNode.isNull() && !netidNode.isTextual())) {
            return null;
        }
        String netid = netidNode == null || netidNode.isNull() ? null : netidNode.textValue();
        return new WakeData(ip, port.intValue(), mcc, mnc, netid);
    }

    private static String text(ObjectNode object, String name) {
        JsonNode value = DeviceJson.field(object, name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
