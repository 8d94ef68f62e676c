package dev.bulwark.waf.internal.operators;

/**
 * Strict textual IP address parsing, as {@code inet_pton} does it (the function ModSecurity uses): IPv4 only as four
 * decimal parts of 0..255 without leading zeros, IPv6 as up to eight groups of 1..4 hex digits with at most one
 * {@code ::} and an optional dotted IPv4 tail. No zone ids, no brackets, no white space.
 */
final class IpAddresses {

    private IpAddresses() {}

    /** The IPv4 address in {@code s[from, to)} as an unsigned 32-bit number, or -1 when it is not one. */
    static long parseIpv4(String s, int from, int to) {
        long address = 0;
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int part = 0;
            while (i < to && ByteChars.isDigit(s.charAt(i))) {
                part = part * 10 + (s.charAt(i) - '0');
                i++;
                if (part > 255) {
                    return -1;
                }
            }
            int digits = i - start;
            if (digits == 0 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            address = address << 8 | part;
            parts++;
            if (i == to) {
                return parts == 4 ? address : -1;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
    }

    /**
     * Parses the IPv6 address in {@code s[from, to)} into {@code out[0]} (high 64 bits) and {@code out[1]} (low 64
     * bits). Returns false when it is not one.
     */
    static boolean parseIpv6(String s, int from, int to, long[] out) {
        int[] groups = new int[8];
        int count = 0;
        int compressAt = -1;
        int i = from;
        if (to - from >= 2 && s.charAt(from) == ':' && s.charAt(from + 1) == ':') {
            compressAt = 0;
            i += 2;
        } else if (i < to && s.charAt(i) == ':') {
            return false;
        }
        while (i < to) {
            int end = i;
            boolean dotted = false;
            while (end < to && s.charAt(end) != ':') {
                if (s.charAt(end) == '.') {
                    dotted = true;
                }
                end++;
            }
            if (dotted) {
                // an IPv4 tail: last, and leaving room for its two groups
                if (end != to || count > 6) {
                    return false;
                }
                long v4 = parseIpv4(s, i, end);
                if (v4 < 0) {
                    return false;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = to;
                break;
            }
            int digits = end - i;
            if (digits == 0 || digits > 4 || count == 8) {
                return false;
            }
            int group = 0;
            for (int k = i; k < end; k++) {
                char c = s.charAt(k);
                if (!ByteChars.isHexDigit(c)) {
                    return false;
                }
                group = group << 4 | ByteChars.hexValue(c);
            }
            groups[count++] = group;
            if (end == to) {
                break;
            }
            // at a ':'
            if (end + 1 < to && s.charAt(end + 1) == ':') {
                if (compressAt >= 0) {
                    return false;
                }
                compressAt = count;
                i = end + 2;
            } else {
                i = end + 1;
                if (i == to) {
                    return false; // a single trailing ':'
                }
            }
        }
        if (compressAt < 0 ? count != 8 : count > 7) {
            return false;
        }
        long high = 0;
        long low = 0;
        int zeros = 8 - count;
        int g = 0;
        for (int position = 0; position < 8; position++) {
            int value;
            if (compressAt >= 0 && position >= compressAt && position < compressAt + zeros) {
                value = 0;
            } else {
                value = groups[g++];
            }
            if (position < 4) {
                high = high << 16 | value;
            } else {
                low = low << 16 | value;
            }
        }
        out[0] = high;
        out[1] = low;
        return true;
    }
}
