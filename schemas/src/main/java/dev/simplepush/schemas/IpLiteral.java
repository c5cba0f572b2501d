package dev.simplepush.schemas;

/**
 * Whether a text is an IPv4 or IPv6 address literal (RFC 4291 §2.2 text forms, no zone id). A
 * parser of its own because {@code InetAddress.getByName} resolves anything that is not a literal
 * through DNS, which a device must not be able to make us do.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    static boolean isValid(String text) {
        return text.indexOf(':') >= 0 ? isIpv6(text) : isIpv4(text, 0, text.length());
    }

    /** Four decimal parts 0–255 of at most three digits each. */
    static boolean isIpv4(String text, int from, int to) {
        int parts = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == '.') {
                int length = i - start;
                if (length < 1 || length > 3 || ++parts > 4) {
                    return false;
                }
                int value = 0;
                for (int j = start; j < i; j++) {
                    char c = text.charAt(j);
                    if (c < '0' || c > '9') {
                        return false;
                    }
                    value = value * 10 + (c - '0');
                }
                if (value > 255) {
                    return false;
                }
                start = i + 1;
            }
        }
        return parts == 4;
    }

    /**
     * Eight groups of 1–4 hex digits, of which a run may be shortened to {@code ::} once, and of
     * which the last two may be written as an IPv4 address.
     */
    private static boolean isIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int groups;
        if (gap < 0) {
            groups = countGroups(text, 0, text.length(), true);
            return groups == 8;
        }
        int before = gap == 0 ? 0 : countGroups(text, 0, gap, false);
        int after = gap + 2 == text.length() ? 0 : countGroups(text, gap + 2, text.length(), true);
        return before >= 0 && after >= 0 && before + after <= 7;
    }

    /**
     * The number of 16-bit groups in {@code text[from, to)}, an IPv4 tail counting two, or -1 when
     * it is not a colon-separated list of groups.
     */
    private static int countGroups(String text, int from, int to, boolean ipv4TailAllowed) {
        if (from >= to) {
            return -1;
        }
        int groups = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == ':') {
                int end = i;
                if (i == to && ipv4TailAllowed && text.lastIndexOf('.', to - 1) >= start) {
                    return isIpv4(text, start, end) ? groups + 2 : -1;
                }
                if (end - start < 1 || end - start > 4 || !isHex(text, start, end)) {
                    return -1;
                }
                groups++;
                start = i + 1;
            }
        }
        return groups;
    }

    private static boolean isHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
