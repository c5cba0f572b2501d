package dev.simplepush.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a device on a mobile network says in hello so that a wake-up driver can reach it while its
 * socket is closed (spec §11.1): the UDP address of {@code wakeup_hostport} (alias
 * {@code wakeup_host}) and the network of {@code mobilenetwork}.
 *
 * <p>Only the shapes of spec §11.2 exist, so wake data is small by construction (at most
 * {@link #MAX_JSON_BYTES} as JSON) wherever it is kept or sent. Reading a value of another shape
 * from a topic or a store (a hostile node, or one from before the shapes were checked) gives null,
 * as if the hello had carried none: never a record that cannot be read.
 *
 * @param ip    an IPv4 or IPv6 literal of at most {@link #MAX_IP_LENGTH} characters, as the device
 *              sent it
 * @param port  the UDP port, 1 to 65535
 * @param mcc   mobile country code, 2 or 3 ASCII digits
 * @param mnc   mobile network code, 2 or 3 ASCII digits
 * @param netid the network id Gecko may add, at most {@link #MAX_NETID_LENGTH} characters, or null
 */
public record WakeData(String ip, int port, String mcc, String mnc, String netid) {
    /** The longest IP literal: an IPv6 address with an IPv4 tail. */
    public static final int MAX_IP_LENGTH = 45;
    public static final int MAX_NETID_LENGTH = 64;
    /**
     * The most bytes a value takes as JSON: field names and punctuation, 45 ASCII characters of
     * ip, 5 digits of port, 3 + 3 digits, and a netid of 64 characters each escaped as
     * {@code \\uXXXX} (6 bytes) in the worst case. {@code WakeDataTest} checks it.
     */
    public static final int MAX_JSON_BYTES = 512;

    public WakeData {
        if (!isWellFormed(ip, port, mcc, mnc, netid)) {
            throw new IllegalArgumentException("wake data not of the shape of spec §11.2: " + describe(ip, port, mcc,
                    mnc, netid));
        }
        if (netid != null && netid.isEmpty()) {
            netid = null;
        }
    }

    /**
     * Wake data of spec §11.2's shapes, or null when any field is malformed (§11.2: malformed
     * fields are ignored). Jackson reads through here, so a malformed value reads as none.
     */
    @JsonCreator
    public static WakeData of(@JsonProperty("ip") String ip, @JsonProperty("port") int port,
            @JsonProperty("mcc") String mcc, @JsonProperty("mnc") String mnc, @JsonProperty("netid") String netid) {
        return isWellFormed(ip, port, mcc, mnc, netid) ? new WakeData(ip, port, mcc, mnc, netid) : null;
    }

    /** Spec §11.2: an IP literal, a port 1–65535, mcc and mnc of 2–3 digits, netid of at most 64 characters. */
    public static boolean isWellFormed(String ip, int port, String mcc, String mnc, String netid) {
        return ip != null && ip.length() <= MAX_IP_LENGTH && IpLiteral.isValid(ip)
                && port >= 1 && port <= 65535
                && isNetworkCode(mcc) && isNetworkCode(mnc)
                && (netid == null || netid.length() <= MAX_NETID_LENGTH);
    }

    private static boolean isNetworkCode(String code) {
        if (code == null || code.length() < 2 || code.length() > 3) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** For the exception's message: never the whole of a long field. */
    private static String describe(String ip, int port, String mcc, String mnc, String netid) {
        return clip(ip) + ":" + port + " " + clip(mcc) + "/" + clip(mnc) + " " + clip(netid);
    }

    private static String clip(String text) {
        return text == null || text.length() <= 64 ? text : text.substring(0, 64) + "… (" + text.length() + " chars)";
    }
}
