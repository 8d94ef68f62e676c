package dev.bulwark.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Who may see the incidents page: clients whose TCP address lies in one of the allowed networks (by default loopback
 * only: {@code 127.0.0.0/8} and {@code ::1}), that did not come through a proxy, and, when they connect over loopback,
 * that name the server by a loopback name. Immutable.
 *
 * <ul>
 *   <li>The address is the connection's ({@code getRemoteAddr()}); the demo configures no forwarded-header handling,
 *       so it is never taken from a header.
 *   <li>A request carrying a forwarding header ({@code Forwarded}, {@code X-Forwarded-For}, {@code X-Real-IP},
 *       {@code Via}, ...) is refused, whatever its address: a reverse proxy on the same host would otherwise make
 *       every client of the proxy look local. A local client that sends such a header by hand is refused too, which
 *       costs nothing.
 *   <li>A loopback client must send {@code Host: localhost}, {@code *.localhost}, a {@code 127.x.x.x} address or
 *       {@code [::1]} (with any port): a web page that rebinds its own host name to 127.0.0.1 (DNS rebinding) would
 *       otherwise read the page through the operator's browser.
 * </ul>
 */
final class IncidentsAccess {

    /** The default: loopback only. */
    static final String LOOPBACK = "127.0.0.0/8,::1";

    /** Headers a proxy adds; their presence means the TCP peer is not the client. Lower case. */
    static final List<String> FORWARDING_HEADERS = List.of("forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-real-ip", "true-client-ip", "x-client-ip", "via");

    private static final Network V4_LOOPBACK = new Network(new byte[] {127, 0, 0, 0}, 8);
    private static final Network V6_LOOPBACK = new Network(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1}, 128);

    private final List<Network> networks;
    private final String spec;

    private IncidentsAccess(List<Network> networks, String spec) {
        this.networks = List.copyOf(networks);
        this.spec = spec;
    }

    /**
     * Parses a comma-separated list of networks: {@code 10.0.0.0/8}, {@code 192.0.2.7} (one address),
     * {@code 2001:db8::/32}, {@code ::1}. Only address literals: a host name is refused (no DNS look-up).
     *
     * @throws IllegalArgumentException naming the entry that is not a network
     */
    static IncidentsAccess parse(String spec) {
        List<Network> networks = new ArrayList<>();
        StringBuilder normal = new StringBuilder();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            networks.add(Network.parse(p));
            normal.append(normal.length() == 0 ? "" : ",").append(p);
        }
        if (networks.isEmpty()) {
            throw new IllegalArgumentException("no network given");
        }
        return new IncidentsAccess(networks, normal.toString());
    }

    /** The allowed networks as given: {@code 127.0.0.0/8,::1}. */
    String networks() {
        return spec;
    }

    /**
     * Why a request may not see the page, or null when it may.
     *
     * @param remoteAddress the connection's peer address, as the container gives it
     * @param host the {@code Host} header, or null
     * @param hasHeader whether the request carries a header (name in lower case; the check must ignore case)
     */
    String refusal(String remoteAddress, String host, Predicate<String> hasHeader) {
        for (String h : FORWARDING_HEADERS) {
            if (hasHeader.test(h)) {
                return "the request came through a proxy (" + h + " header)";
            }
        }
        byte[] address = address(remoteAddress);
        if (address == null) {
            return "unreadable client address";
        }
        boolean allowed = false;
        for (Network n : networks) {
            allowed |= n.contains(address);
        }
        if (!allowed) {
            return "client address not in " + spec;
        }
        if ((V4_LOOPBACK.contains(address) || V6_LOOPBACK.contains(address)) && !loopbackHost(host)) {
            return "a loopback client must name the server localhost, 127.x.x.x or [::1] in Host";
        }
        return null;
    }

    /** Whether the {@code Host} header names this machine's loopback: localhost, *.localhost, 127/8, [::1]. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || !portOrNothing(h.substring(close + 1))) {
                return false;
            }
            byte[] a = address(h.substring(1, close));
            return a != null && a.length == 16 && V6_LOOPBACK.contains(a);
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (!portOrNothing(h.substring(colon))) {
                return false;
            }
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equalsIgnoreCase("localhost") || (h.length() > ".localhost".length()
                && h.regionMatches(true, h.length() - ".localhost".length(), ".localhost", 0, ".localhost".length()))) {
            return true;
        }
        byte[] a = ipv4(h);
        return a != null && V4_LOOPBACK.contains(a);
    }

    private static boolean portOrNothing(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.charAt(0) != ':' || s.length() == 1 || s.length() > 6) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes of an address literal (4 for IPv4, IPv4-mapped IPv6 included; 16 for IPv6), or null when it is not
     * one. Brackets and a zone ({@code %eth0}) are dropped. Never looks a name up.
     */
    static byte[] address(String literal) {
        if (literal == null) {
            return null;
        }
        String s = literal.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            // a literal with a colon is parsed as IPv6, never resolved; an IPv4-mapped one comes back as IPv4
            InetAddress a = InetAddress.getByName(s);
            return a.getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Four decimal octets, or null. */
    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    /** An address and the number of leading bits that must match. */
    private record Network(byte[] address, int prefix) {

        static Network parse(String text) {
            int slash = text.indexOf('/');
            String literal = slash < 0 ? text : text.substring(0, slash);
            byte[] a = IncidentsAccess.address(literal);
            if (a == null) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network (address/bits)");
            }
            if (a.length == 4 && literal.indexOf(':') >= 0) {
                throw new IllegalArgumentException("'" + text + "': write an IPv4-mapped network as IPv4");
            }
            int bits = a.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String p = text.substring(slash + 1);
                try {
                    prefix = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits || p.startsWith("+")) {
                    throw new IllegalArgumentException("'" + text + "': the prefix must be 0.." + bits);
                }
            }
            return new Network(a, prefix);
        }

        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (other[full] & mask) == (address[full] & mask);
        }
    }
}
