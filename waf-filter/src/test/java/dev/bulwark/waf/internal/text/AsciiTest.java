package dev.bulwark.waf.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class AsciiTest {

    @Test
    void hexValueKnowsOnlyTheAsciiHexDigits() {
        String digits = "0123456789abcdef";
        for (int c = -128; c < 0x200; c++) {
            int expected = c >= 0 && c < 0x80 ? digits.indexOf(Character.toLowerCase((char) c)) : -1;
            assertEquals(expected, Ascii.hexValue(c), "char " + c);
        }
    }

    @Test
    void lowerFoldsAsciiLettersOnlyAndKeepsAnUnchangedString() {
        assertEquals("select \u00c9 x-1", Ascii.lower("SeLeCt \u00c9 X-1"));
        String unchanged = "already lower \u00c9 [@]";
        assertSame(unchanged, Ascii.lower(unchanged));
        assertEquals("@[`{", Ascii.lower("@[`{"), "the neighbours of A..Z stay as they are");
    }
}
