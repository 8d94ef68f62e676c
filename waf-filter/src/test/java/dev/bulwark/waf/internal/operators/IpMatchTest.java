package dev.bulwark.waf.internal.operators;

import static dev.bulwark.waf.internal.operators.OperatorTestSupport.loadError;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.matches;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpMatchTest {

    @Test
    void ipv6PrefixWhenAddressAtEitherEndOfBlockThenMatches() throws Exception {
        assertTrue(matches("ipMatch", "2001:db8::/32", "2001:db8::"));
        assertTrue(matches("ipMatch", "2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(matches("ipMatch", "2001:db8::/32", "2001:db9::"));
        assertFalse(matches("ipMatch", "2001:db8::/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff"));
    }

    @Test
    void ipv6PrefixWhenAroundTheSixtyFourBitBoundaryThenSplitsCorrectly() throws Exception {
        // /64: the whole low half is host bits
        assertTrue(matches("ipMatch", "2001:db8:0:1::/64", "2001:db8:0:1:ffff:ffff:ffff:ffff"));
        assertFalse(matches("ipMatch", "2001:db8:0:1::/64", "2001:db8:0:2::"));
        // /63: one bit of the high half is host bits
        assertTrue(matches("ipMatch", "2001:db8:0:2::/63", "2001:db8:0:3:1::"));
        assertFalse(matches("ipMatch", "2001:db8:0:2::/63", "2001:db8:0:4::"));
        // /65: one bit of the low half belongs to the network
        assertTrue(matches("ipMatch", "2001:db8::8000:0:0:0/65", "2001:db8::8000:0:0:1"));
        assertTrue(matches("ipMatch", "2001:db8::8000:0:0:0/65", "2001:db8::ffff:ffff:ffff:ffff"));
        assertFalse(matches("ipMatch", "2001:db8::8000:0:0:0/65", "2001:db8::7fff:ffff:ffff:ffff"));
    }

    @Test
    void ipv6PrefixWhenExtremeLengthsThenCoverAllOrOne() throws Exception {
        assertTrue(matches("ipMatch", "::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertTrue(matches("ipMatch", "::/0", "::"));
        assertFalse(matches("ipMatch", "::/0", "10.0.0.1"));
        assertTrue(matches("ipMatch", "fe80::1/128", "fe80:0:0:0:0:0:0:1"));
        assertFalse(matches("ipMatch", "fe80::1/128", "fe80::2"));
        assertTrue(matches("ipMatch", "fe80::/127", "fe80::1"));
        assertFalse(matches("ipMatch", "fe80::/127", "fe80::2"));
    }

    @Test
    void ipv6WhenWrittenDifferentlyThenSameAddress() throws Exception {
        assertTrue(matches("ipMatch", "::1", "0:0:0:0:0:0:0:1"));
        assertTrue(matches("ipMatch", "::1", "0000:0000:0000:0000:0000:0000:0000:0001"));
        assertTrue(matches("ipMatch", "2001:DB8::A", "2001:db8:0:0:0:0:0:a"));
        assertTrue(matches("ipMatch", "::ffff:192.0.2.128", "::ffff:c000:280"));
        assertTrue(matches("ipMatch", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"));
    }

    @Test
    void hostBitsWhenSetInEntryThenIgnored() throws Exception {
        assertTrue(matches("ipMatch", "2001:db8::1234/32", "2001:db8:1::"));
        assertTrue(matches("ipMatch", "156.149.249.1/8", "156.1.2.3"));
    }

    @Test
    void familiesWhenMappedAddressThenIpv4EntryDoesNotMatch() throws Exception {
        assertFalse(matches("ipMatch", "10.0.0.0/8", "::ffff:10.1.2.3"));
        assertFalse(matches("ipMatch", "::ffff:10.1.2.3", "10.1.2.3"));
    }

    @Test
    void valueWhenNotAPlainAddressThenNoMatch() throws Exception {
        for (String value : new String[] {"", "fe80::1%eth0", "[::1]", " ::1", "::1 ", "localhost", "1.2.3",
                "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:::", "12345::",
                "::1.2.3.4:5", "1.2.3.4/32", "g::1"}) {
            assertFalse(matches("ipMatch", "0.0.0.0/0,::/0", value), value);
        }
    }

    @Test
    void listWhenSeveralEntriesWithSpacesThenAnyMatches() throws Exception {
        String list = "127.0.0.1, ::1 ,10.0.0.0/8,";
        assertTrue(matches("ipMatch", list, "127.0.0.1"));
        assertTrue(matches("ipMatch", list, "::1"));
        assertTrue(matches("ipMatch", list, "10.200.1.1"));
        assertFalse(matches("ipMatch", list, "127.0.0.2"));
    }

    @Test
    void rangesWhenOverlappingAndManyThenSameAsLinearScan() throws Exception {
        Random random = new Random(42);
        List<long[]> networks = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            long address = random.nextInt() & 0xffffffffL;
            int prefix = 8 + random.nextInt(25);
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            networks.add(new long[] {address & mask, mask});
            list.append(i == 0 ? "" : ",").append(dotted(address)).append('/').append(prefix);
        }
        Operator ip = operator("ipMatch", list.toString());
        for (int i = 0; i < 5000; i++) {
            long probe = i % 2 == 0 ? random.nextInt() & 0xffffffffL
                    : networks.get(random.nextInt(networks.size()))[0] + random.nextInt(256);
            probe &= 0xffffffffL;
            boolean expected = false;
            for (long[] n : networks) {
                expected |= (probe & n[1]) == n[0];
            }
            assertEquals(expected, ip.matches(RecordingContext.notCapturing(), dotted(probe)), dotted(probe));
        }
    }

    private static String dotted(long a) {
        return (a >>> 24 & 255) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    @Test
    void argumentWhenInvalidThenLoadErrorNamesEntry() {
        assertTrue(loadError("ipMatch", "10.0.0.0/100").contains("\"10.0.0.0/100\""));
        assertTrue(loadError("ipMatch", "10.0.0.0/33").contains("prefix length must be a number from 0 to 32"));
        assertTrue(loadError("ipMatch", "::/129").contains("from 0 to 128"));
        assertTrue(loadError("ipMatch", "10.0.0.0/255.0.0.0").contains("prefix length"));
        assertTrue(loadError("ipMatch", "10.0.0.0/").contains("prefix length"));
        assertTrue(loadError("ipMatch", "127.0.0.1,300.1.1.1").contains("\"300.1.1.1\": not an IPv4 or IPv6"));
        assertTrue(loadError("ipMatch", "1::2::3").contains("not an IPv4 or IPv6 address"));
        assertTrue(loadError("ipMatch", "example.com").contains("not an IPv4 or IPv6 address"));
        assertEquals("@ipMatch needs at least one IP address or network", loadError("ipMatch", " , "));
    }

    @Test
    void ipv4PrefixZeroWhenGivenThenMatchesEveryIpv4() throws Exception {
        assertTrue(matches("ipMatch", "0.0.0.0/0", "255.255.255.255"));
        assertTrue(matches("ipMatch", "0.0.0.0/0", "0.0.0.0"));
        assertFalse(matches("ipMatch", "0.0.0.0/0", "::"));
    }

    @Test
    void fromFileWhenCommentsAndBlankLinesThenReadsEntries(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("nets.txt"), "# office\n192.168.0.0/16\r\n\n   \n  10.1.2.3  \n"
                + "# v6\n2001:db8::/32\n", StandardCharsets.ISO_8859_1);
        Operator ip = operator("ipMatchFromFile", "nets.txt", dir);
        RecordingContext ctx = RecordingContext.notCapturing();
        assertTrue(ip.matches(ctx, "192.168.44.1"));
        assertTrue(ip.matches(ctx, "10.1.2.3"));
        assertTrue(ip.matches(ctx, "2001:db8::99"));
        assertFalse(ip.matches(ctx, "10.1.2.4"));
        assertTrue(operator("ipMatchF", dir.resolve("nets.txt").toString()).matches(ctx, "10.1.2.3"));
    }

    @Test
    void fromFileWhenLineInvalidThenLoadErrorNamesFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("nets.txt"), "10.0.0.0/8\n# fine\n10.0.0.0/40\n");
        String message = loadError("ipMatchFromFile", "nets.txt", dir);
        assertTrue(message.contains(dir.resolve("nets.txt") + ":3"), message);
        assertTrue(message.contains("10.0.0.0/40"), message);
    }

    @Test
    void fromFileWhenMissingThenLoadErrorNamesFile(@TempDir Path dir) {
        String message = loadError("ipMatchFromFile", "absent.txt", dir);
        assertTrue(message.contains(dir.resolve("absent.txt").toString()), message);
        assertTrue(message.contains("no such file"), message);
    }

    @Test
    void fromFileWhenUrlThenLoadErrorSaysRemoteFilesUnsupported() {
        assertTrue(loadError("ipMatchFromFile", "https://example.com/list.txt").contains("remote data files"));
    }
}
