package dev.simplepush.schemas;

/**
 * What a device on a mobile network says in hello so that a wake-up driver can reach it while its
 * socket is closed (spec §11.1): the UDP address of {@code wakeup_hostport} (alias
 * {@code wakeup_host}) and the network of {@code mobilenetwork}.
 *
 * @param ip    the device's address as it sent it, never empty
 * @param port  the UDP port, 1 to 65535
 * @param mcc   mobile country code, never empty
 * @param mnc   mobile network code, never empty
 * @param netid the network id Gecko may add, or null
 */
public record WakeData(String ip, int port, String mcc, String mnc, String netid) {

    public WakeData {
        if (ip == null || ip.isEmpty() || port < 1 || port > 65535
                || mcc == null || mcc.isEmpty() || mnc == null || mnc.isEmpty()) {
            throw new IllegalArgumentException("incomplete wake data: " + ip + ":" + port + " " + mcc + "/" + mnc);
        }
        if (netid != null && netid.isEmpty()) {
            netid = null;
        }
    }
}
