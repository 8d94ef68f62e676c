package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.internal.regex.CrsRxPatterns.RxPattern;
import dev.bulwark.waf.testsupport.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One scan for many patterns' literals must name exactly the patterns a look pattern by pattern names. */
class LiteralScannerTest {

    /** The candidates as {@link RequiredLiterals#foundIn} gives them, one pattern at a time. */
    private static long[] onePatternAtATime(List<Set<String>> sets, String value) {
        long[] expected = new long[(sets.size() + 63) / 64];
        for (int p = 0; p < sets.size(); p++) {
            if (RequiredLiterals.foundIn(sets.get(p), value)) {
                expected[p >>> 6] |= 1L << p;
            }
        }
        return expected;
    }

    private static long[] scanned(LiteralScanner scanner, String value) {
        long[] found = new long[(scanner.patterns() + 63) / 64];
        scanner.candidates(value, found);
        return found;
    }

    @Test
    void overlappingLiteralsAndSuffixesAreAllFound() {
        List<Set<String>> sets = List.of(Set.of("he", "she"), Set.of("his", "hers"), Set.of("e"), Set.of("xyz"));
        LiteralScanner scanner = new LiteralScanner(sets);
        // "ushers": she, he and hers end inside it, found through the failure links
        assertArrayEquals(new long[] {0b0111}, scanned(scanner, "USHERS"));
        assertArrayEquals(new long[] {0b1000}, scanned(scanner, "axyz"));
        assertArrayEquals(new long[] {0}, scanned(scanner, "abc"));
    }

    @Test
    void patternsWithoutLiteralsAndNonByteValuesAreAlwaysCandidates() {
        List<Set<String>> sets = new ArrayList<>(Arrays.asList(Set.of("abc"), null));
        LiteralScanner scanner = new LiteralScanner(sets);
        assertArrayEquals(new long[] {0b10}, scanned(scanner, "plain"));
        assertArrayEquals(new long[] {0b11}, scanned(scanner, "\u0100"));
    }

    /** The literals of every CRS {@code @rx} pattern (70 and more patterns: several words per bit set). */
    @Test
    void agreesWithThePatternByPatternLookOnCrsLiteralsAndStrings() throws Exception {
        Path crs = SharedData.requireCrs();
        List<Set<String>> sets = new ArrayList<>();
        for (RxPattern p : CrsRxPatterns.load(crs.resolve("rules"))) {
            Regex regex = Regex.compile(p.pattern());
            sets.add(regex.hasFastPath() ? p.requiredLiterals() : null);
        }
        LiteralScanner scanner = new LiteralScanner(sets);
        List<String> strings = CrsTestCorpus.load(crs.resolve("tests/regression/tests"));
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) { // random byte strings, upper case included
            char[] chars = new char[random.nextInt(40)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = (char) random.nextInt(256);
            }
            strings.add(new String(chars));
        }
        int compared = 0;
        for (int i = 0; i < strings.size(); i += 3) { // a third of the corpus keeps the test near a second
            String s = strings.get(i);
            assertArrayEquals(onePatternAtATime(sets, s), scanned(scanner, s), () -> "on " + s);
            compared++;
        }
        assertTrue(compared > 3000, "compared " + compared + " strings");
    }
}
