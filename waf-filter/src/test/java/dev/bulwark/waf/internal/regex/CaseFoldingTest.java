package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast path's {@code (?i)} must fold exactly like RE2/J on chars 0..255: RE2/J is the oracle. */
class CaseFoldingTest {

    @Test
    void caseInsensitiveLiteralMatchesWhatRe2jMatches() {
        List<String> differences = new ArrayList<>();
        for (int c = 0; c < 256; c++) {
            String pattern = String.format("(?i)\\x{%x}", c);
            compareOnAllBytes(pattern, differences);
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void caseInsensitiveClassesMatchWhatRe2jMatches() {
        List<String> differences = new ArrayList<>();
        for (int c = 0; c < 256; c += 1) {
            compareOnAllBytes(String.format("(?i)[\\x{%x}]", c), differences);
            compareOnAllBytes(String.format("(?i)[^\\x{%x}]", c), differences);
        }
        for (String pattern : List.of("(?i)[a-z]", "(?i)[\\xc0-\\xde]", "(?i)[^\\xe0-\\xfe]", "(?i)\\w", "(?i)\\W",
                "(?i)[\\W]", "(?i)[^\\w]", "(?i)[[:upper:]]", "(?i)[[:^lower:]]", "(?i)\\D", "(?i)[\\x00-\\xff]",
                "(?i)[K-k]", "(?i)(?-i:\\xe9)", "(?i:\\xe9)\\xe9", "(?i)\\Q\\xe9K\\E")) {
            compareOnAllBytes(pattern, differences);
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void foldingFromAbove255IsLeftToRe2j() {
        // U+212A KELVIN SIGN folds to k and K in RE2/J; the fast path does not model folds from above 255
        assertNull(FastMatcher.compile("(?i)\\x{212a}"));
        assertNull(FastMatcher.compile("(?i)[\\x{100}-\\x{2000}]"));
        // without (?i), or above RE2/J's last folding rune, a char above 255 simply never matches a byte
        assertNotNull(FastMatcher.compile("\\x{212a}"));
        assertNotNull(FastMatcher.compile("(?i)\\x{10ffff}"));
        List<String> differences = new ArrayList<>();
        compareOnAllBytes("\\x{212a}|[\\x{100}-\\x{10ffff}]", differences);
        compareOnAllBytes("(?i:\\x{10ffff})|\\x{130}", differences);
        assertEquals(List.of(), differences);
    }

    private static void compareOnAllBytes(String pattern, List<String> differences) {
        Pattern re2j = Pattern.compile(pattern, Pattern.DOTALL);
        FastMatcher fast = FastMatcher.compile(pattern);
        assertNotNull(fast, pattern);
        for (int d = 0; d < 256; d++) {
            String input = String.valueOf((char) d);
            boolean expected = re2j.matcher(input).find();
            boolean actual = fast.find(input) == FastMatcher.MATCH;
            if (expected != actual) {
                differences.add(pattern + String.format(" on \\x%02x: RE2/J ", d) + expected);
            }
        }
    }
}
