package dev.bulwark.waf.internal.operators;

import static dev.bulwark.waf.internal.operators.OperatorTestSupport.bytes;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.loadError;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.matches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValidateOperatorsTest {

    private static boolean invalidUtf8(int... bytes) throws OperatorException {
        return matches("validateUtf8Encoding", "", bytes(bytes));
    }

    @Test
    void utf8WhenWellFormedThenNoMatch() throws Exception {
        assertFalse(invalidUtf8());
        assertFalse(invalidUtf8('a', 0x7f));
        assertFalse(invalidUtf8(0xc2, 0x80)); // U+0080, smallest two-byte
        assertFalse(invalidUtf8(0xdf, 0xbf));
        assertFalse(invalidUtf8(0xe0, 0xa0, 0x80)); // U+0800, smallest three-byte
        assertFalse(invalidUtf8(0xed, 0x9f, 0xbf)); // U+D7FF, just below the surrogates
        assertFalse(invalidUtf8(0xee, 0x80, 0x80)); // U+E000, just above them
        assertFalse(invalidUtf8(0xef, 0xbf, 0xbf)); // U+FFFF
        assertFalse(invalidUtf8(0xf0, 0x90, 0x80, 0x80)); // U+10000, smallest four-byte
        assertFalse(invalidUtf8(0xf4, 0x8f, 0xbf, 0xbf)); // U+10FFFF, the last code point
        String text = new String("caf\u00e9 \u65e5\u672c \ud83d\ude00".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        assertFalse(matches("validateUtf8Encoding", "", text));
    }

    @Test
    void utf8WhenOverlongThenMatch() throws Exception {
        assertTrue(invalidUtf8(0xc0, 0xaf), "overlong '/' (two bytes)");
        assertTrue(invalidUtf8(0xc1, 0xbf));
        assertTrue(invalidUtf8(0xe0, 0x80, 0xaf), "overlong '/' (three bytes)");
        assertTrue(invalidUtf8(0xe0, 0x9f, 0xbf));
        assertTrue(invalidUtf8(0xf0, 0x80, 0x80, 0xaf), "overlong '/' (four bytes)");
        assertTrue(invalidUtf8(0xf0, 0x8f, 0xbf, 0xbf));
    }

    @Test
    void utf8WhenSurrogateOrBeyondUnicodeThenMatch() throws Exception {
        assertTrue(invalidUtf8(0xed, 0xa0, 0x80), "U+D800");
        assertTrue(invalidUtf8(0xed, 0xbf, 0xbf), "U+DFFF");
        assertTrue(invalidUtf8(0xf4, 0x90, 0x80, 0x80), "U+110000");
        assertTrue(invalidUtf8(0xf5, 0x80, 0x80, 0x80));
        assertTrue(invalidUtf8(0xff));
    }

    @Test
    void utf8WhenTruncatedOrBrokenThenMatch() throws Exception {
        assertTrue(invalidUtf8(0xe4), "lead byte alone");
        assertTrue(invalidUtf8('a', 0xe4, 0xb8), "three-byte sequence cut short");
        assertTrue(invalidUtf8(0xf0, 0x9f, 0x98), "four-byte sequence cut short");
        assertTrue(invalidUtf8(0x80), "lone continuation byte");
        assertTrue(invalidUtf8(0xc9, 0x3b), "continuation replaced by ASCII");
        assertTrue(invalidUtf8(0xe4, 0xb8, 0xe4, 0xb8, 0xad));
    }

    @Test
    void urlEncodingWhenPercentNotFollowedByTwoHexDigitsThenMatch() throws Exception {
        for (String bad : new String[] {"%", "a%", "%2", "%zz", "%2g", "%g2", "%%41", "ok%2"}) {
            assertTrue(matches("validateUrlEncoding", "", bad), bad);
        }
        for (String good : new String[] {"", "plain", "%20", "a%2Fb%2f", "100%25", "+"}) {
            assertFalse(matches("validateUrlEncoding", "", good), good);
        }
    }

    @Test
    void byteRangeWhenByteOutsideThenMatch() throws Exception {
        String crsArgs = "9,10,13,32-126,128-255";
        assertFalse(matches("validateByteRange", crsArgs, "hello\tworld\r\n" + bytes(0x80, 0xff)));
        assertTrue(matches("validateByteRange", crsArgs, "a\0b"));
        assertTrue(matches("validateByteRange", crsArgs, bytes(0x7f)));
        assertTrue(matches("validateByteRange", "1-255", bytes(0)));
        assertFalse(matches("validateByteRange", "0,255", bytes(0, 255)));
    }

    @Test
    void byteRangeWhenListEmptyOrWordsThenReadLikeModSecurity() throws Exception {
        assertTrue(matches("validateByteRange", "", "a"), "an empty list allows nothing");
        assertFalse(matches("validateByteRange", "", ""));
        assertFalse(matches("validateByteRange", "xxx", bytes(0)), "a word reads as 0 (atoi)");
        assertTrue(matches("validateByteRange", "xxx", "a"));
        assertFalse(matches("validateByteRange", "65,,66", "AB"), "empty items are skipped");
    }

    @Test
    void byteRangeWhenInvalidThenLoadErrorSaysWhy() {
        assertEquals("@validateByteRange: invalid value 256 in \"256\": byte values are 0 to 255",
                loadError("validateByteRange", "32,256"));
        assertEquals("@validateByteRange: invalid range end 300 in \"32-300\": byte values are 0 to 255",
                loadError("validateByteRange", "32-300"));
        assertEquals("@validateByteRange: invalid range start -5 in \"-5\": byte values are 0 to 255",
                loadError("validateByteRange", "-5"));
        assertEquals("@validateByteRange: invalid range \"126-32\": the start is above the end",
                loadError("validateByteRange", "126-32"));
    }
}
