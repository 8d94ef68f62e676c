package dev.bulwark.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@link IncidentsAccess}: networks, proxies and the Host of loopback clients. */
class IncidentsAccessTest {

    private static final Predicate<String> NO_HEADERS = h -> false;
    private static final IncidentsAccess LOOPBACK = IncidentsAccess.parse(IncidentsAccess.LOOPBACK);

    private static Predicate<String> headers(String... lowerCaseNames) {
        Set<String> names = Set.of(lowerCaseNames);
        return names::contains;
    }

    @Test
    void loopbackClientsNamingLocalhostAreAllowedByDefault() {
        for (String address : new String[] {"127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "[::1]",
            "::ffff:127.0.0.1"}) {
            for (String host : new String[] {"localhost:8080", "localhost", "LOCALHOST.", "demo.localhost:80",
                "127.0.0.1:8080", "127.9.9.9", "[::1]:8080", "[0:0:0:0:0:0:0:1]"}) {
                assertNull(LOOPBACK.refusal(address, host, NO_HEADERS), address + " " + host);
            }
        }
    }

    @Test
    void otherClientsAreRefusedByDefault() {
        for (String address : new String[] {"192.0.2.7", "10.0.0.1", "128.0.0.1", "126.255.255.255", "::2",
            "2001:db8::1", "::ffff:192.0.2.7", "fe80::1%eth0", "", "localhost", "not an address"}) {
            String why = LOOPBACK.refusal(address, "localhost", NO_HEADERS);
            assertNotNull(why, address);
        }
        assertEquals("client address not in 127.0.0.0/8,::1", LOOPBACK.refusal("192.0.2.7", "localhost",
                NO_HEADERS));
    }

    @Test
    void aRequestThroughAProxyIsRefusedEvenFromLoopback() {
        for (String h : IncidentsAccess.FORWARDING_HEADERS) {
            String why = LOOPBACK.refusal("127.0.0.1", "localhost", headers(h));
            assertEquals("the request came through a proxy (" + h + " header)", why);
        }
        IncidentsAccess everyone = IncidentsAccess.parse("0.0.0.0/0,::/0");
        assertNotNull(everyone.refusal("192.0.2.7", "shop.example", headers("x-forwarded-for")));
        assertNull(everyone.refusal("192.0.2.7", "shop.example", NO_HEADERS));
    }

    @Test
    void aLoopbackClientMustNameALoopbackHost() {
        // a page whose host name was rebound to 127.0.0.1 sends its own name
        for (String host : new String[] {"evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.nip.io",
            "[::2]:80", "[::1]x", "localhost:80x", "10.0.0.1", "", "localhost:", "localhost:1234567"}) {
            assertNotNull(LOOPBACK.refusal("127.0.0.1", host, NO_HEADERS), host);
        }
        assertNotNull(LOOPBACK.refusal("127.0.0.1", null, NO_HEADERS), "no Host");
        // with wider networks the rule stays for loopback clients, and does not apply to the others
        IncidentsAccess office = IncidentsAccess.parse("127.0.0.0/8, 10.1.0.0/16");
        assertNotNull(office.refusal("127.0.0.1", "demo.corp.example", NO_HEADERS));
        assertNull(office.refusal("10.1.200.3", "demo.corp.example", NO_HEADERS));
    }

    @Test
    void networksAreMatchedBitByBit() {
        IncidentsAccess a = IncidentsAccess.parse("10.1.0.0/16,192.0.2.7,2001:db8:ab00::/40,172.16.0.0/12");
        assertNull(a.refusal("10.1.255.255", "x", NO_HEADERS));
        assertNotNull(a.refusal("10.2.0.0", "x", NO_HEADERS));
        assertNull(a.refusal("192.0.2.7", "x", NO_HEADERS));
        assertNotNull(a.refusal("192.0.2.8", "x", NO_HEADERS));
        assertNull(a.refusal("2001:db8:abff::1", "x", NO_HEADERS));
        assertNotNull(a.refusal("2001:db8:ac00::1", "x", NO_HEADERS));
        assertNull(a.refusal("172.31.255.255", "x", NO_HEADERS));
        assertNotNull(a.refusal("172.32.0.0", "x", NO_HEADERS));
        assertNull(a.refusal("::ffff:10.1.0.9", "x", NO_HEADERS), "an IPv4-mapped client is its IPv4 address");
        assertEquals("10.1.0.0/16,192.0.2.7,2001:db8:ab00::/40,172.16.0.0/12", a.networks());
    }

    @Test
    void badNetworksAreRefusedWithoutLookingNamesUp() {
        for (String spec : new String[] {"", " , ", "localhost", "example.com/8", "10.0.0.0/33", "::/129", "10.0.0/8",
            "10.0.0.256", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/x", "::ffff:10.0.0.0/104", "1.2.3.4.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IncidentsAccess.parse(spec), spec);
            assertFalse(e.getMessage().isEmpty());
        }
    }

    @Test
    void addressLiterals() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IncidentsAccess.address("127.0.0.1"));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IncidentsAccess.address("::ffff:127.0.0.1"));
        assertEquals(16, IncidentsAccess.address("[fe80::1%eth0]").length);
        assertNull(IncidentsAccess.address("example.com"));
        assertNull(IncidentsAccess.address("01.2.3.4.5"));
        assertTrue(IncidentsAccess.loopbackHost("localhost"));
        assertFalse(IncidentsAccess.loopbackHost(".localhost"));
    }
}
