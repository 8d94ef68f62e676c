package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrefilterTest {

    private static Prefilter prefilter(String pattern) throws UnsupportedPatternException {
        return Prefilter.of(RegexParser.parse(PcreCompatibility.rewrite(pattern)));
    }

    private static boolean mayMatch(String pattern, String value) throws UnsupportedPatternException {
        return prefilter(pattern).mayMatch(Prefilter.signature(value));
    }

    @Test
    void literalNeedsItsAdjacentPairs() throws Exception {
        assertTrue(mayMatch("(?i)union\\s+select", "1 UNION SELECT 2"));
        assertFalse(mayMatch("(?i)union\\s+select", "blue shoes"), "no 'un' pair");
        // every letter of "select" is there, but not the pair "ec"
        assertFalse(mayMatch("select", "cel est les"));
    }

    @Test
    void alternationNeedsOneBranch() throws Exception {
        assertTrue(mayMatch("(?:alpha|beta)\\(", "beta("));
        assertFalse(mayMatch("(?:alpha|beta)\\(", "gamma("));
    }

    @Test
    void wideAlternationsFindEachBranchByItsAnchor() throws Exception {
        // wide enough to be indexed: each branch is only tested when its anchor pair (or byte) is present
        String pattern = "(?i)(?:wget|curl|netcat|python[23]?|(?:ba|z)sh|x|\\$\\{|perl\\s+-e)\\b";
        for (String value : new String[] {"wget http", "CURL -s", "netcat", "python3 -c", "bash -i", "zsh",
                "x", "${jndi}", "perl  -e"}) {
            assertTrue(mayMatch(pattern, value), value);
            assertTrue(mayMatch(pattern, "prefix " + value + " suffix"), value);
        }
        for (String value : new String[] {"running shoes", "blue", "42", "price-asc", "cat"}) {
            assertFalse(mayMatch(pattern, value), value);
        }
    }

    @Test
    void anIndexedBranchIsRefusedWhenItsGuardPairsAreMissing() throws Exception {
        // "passwd etc" has the anchor and both guard pairs of etc/passwd but not "c/" or "/p": refused all the same
        String pattern = "(?:etc/passwd|etc/shadow|proc/self/environ|boot\\.ini|win\\.ini|system32/config)";
        assertFalse(mayMatch(pattern, "passwd etc"));
        assertFalse(mayMatch(pattern, "passwd"), "anchor present, first guard pair 'et' missing");
        assertFalse(mayMatch(pattern, "etc shadow"));
        for (String value : new String[] {"../../etc/passwd", "/ETC/SHADOW", "proc/self/environ%00", "c:\\boot.ini",
                "windows/system32/config/sam"}) {
            assertTrue(mayMatch(pattern, value), value);
        }
    }

    @Test
    void alternativesImpliedByAnotherAddNothing() throws Exception {
        // each letter may be escaped: "w, or backslash-w" needs w either way, so the pattern needs its four letters
        String pattern = "(?i)\\\\?w\\\\?g\\\\?e\\\\?t";
        for (String value : new String[] {"wget", "w\\get", "\\w\\g\\e\\t", "WGET"}) {
            assertTrue(mayMatch(pattern, value), value);
        }
        assertFalse(mayMatch(pattern, "get"), "no w");
        assertFalse(mayMatch(pattern, "w\\g\\e"), "no t");
    }

    @Test
    void withoutEvasionBytesAnObfuscationTolerantPatternNeedsItsWords() throws Exception {
        // quotes and backslashes may sit between the letters, which hides their adjacency; a value without any
        // such byte is judged by the plain words
        String pattern = "(?i)c[\"'\\\\]*(?:a[\"'\\\\]*t|u[\"'\\\\]*r[\"'\\\\]*l)[\\s;]";
        for (String value : new String[] {"cat ", "curl;", "c'a't ", "c\\u\"r\"l ", "x;CAT\tfoo"}) {
            assertTrue(mayMatch(pattern, value), value);
        }
        assertFalse(mayMatch(pattern, "tac act "), "the letters, but not the words");
        assertFalse(mayMatch(pattern, "cut art "), "cu, but not cur or curl");
        assertFalse(mayMatch(pattern, "curly"), "no space or semicolon after the word");
        // with an evasion byte the adjacency is unknown again: only the letters count
        assertTrue(mayMatch(pattern, "tac' act "));
    }

    @Test
    void foldOrsEachGroupOfBitsIntoOneBit() {
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 20_000; n++) {
            // sparse and dense words both
            long bits = n % 2 == 0 ? random.nextLong() : random.nextLong() & random.nextLong() & random.nextLong();
            for (int shift = 1; shift <= 5; shift++) {
                long expected = 0;
                for (int b = 0; b < 64; b++) {
                    if ((bits >>> b & 1) != 0) {
                        expected |= 1L << (b >>> shift);
                    }
                }
                assertEquals(expected, Prefilter.fold(bits, shift), Long.toHexString(bits) + " >>> " + shift);
            }
        }
    }

    @Test
    void aUnionKeepsTheTrigramsOfValuesOfEverySize() throws Exception {
        java.util.Random random = new java.util.Random(11);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ";
        // 4 bits per char: these lengths give trigram filters 2 to 64 times larger than a short value's
        for (int length : new int[] {200, 400, 800, 1600, 3200, 6400}) {
            StringBuilder b = new StringBuilder();
            while (b.length() < length) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = b.toString();
            long[] union = Prefilter.union(new long[][] {Prefilter.signature("blue"), Prefilter.signature(value)}, 2);
            for (int n = 0; n < 200; n++) {
                int at = random.nextInt(length - 6);
                String piece = value.substring(at, at + 6);
                // letters, digits and spaces: the piece is its own pattern
                assertTrue(prefilter(piece).mayMatch(union), "'" + piece + "' of a value of " + length + " chars");
            }
            assertFalse(prefilter("<script").mayMatch(union));
        }
    }

    @Test
    void aUnionLetsThroughEveryPatternOneOfItsValuesLetsThrough() throws Exception {
        String longValue = "lorem ipsum dolor sit amet ".repeat(400) + "then wget http://x"; // folded trigrams
        String[] values = {"blue", "42", "price-asc", "running shoes O'Neill", longValue};
        String[] patterns = {"(?i)union\\s+select", "wget\\s+http", "(?i)(?:wget|curl|netcat|bash|zsh|perl)\\b",
            "shoes o'n", "price-(?:asc|desc)$", "lorem ipsum", "<script", "\\bselect\\b"};
        long[][] signatures = new long[values.length][];
        for (int i = 0; i < values.length; i++) {
            signatures[i] = Prefilter.signature(values[i]);
        }
        long[] union = Prefilter.union(signatures, values.length);
        for (String pattern : patterns) {
            Prefilter p = prefilter(pattern);
            boolean any = false;
            for (long[] sig : signatures) {
                any |= p.mayMatch(sig);
            }
            if (any) {
                assertTrue(p.mayMatch(union), pattern);
            }
        }
        // and a union still refuses what none of its values has
        assertFalse(prefilter("<script").mayMatch(union));
        assertFalse(prefilter("(?i)union\\s+select").mayMatch(union));
        long[][] withNonByte = {Prefilter.signature("a"), Prefilter.signature("\u0100")};
        assertNull(withNonByte[1]);
        assertNull(Prefilter.union(withNonByte, 2), "a non-byte value: no union");
    }

    @Test
    void optionalPartsAndAssertionsNeedNothing() throws Exception {
        assertTrue(mayMatch("ab?c", "ac"), "b is optional, so a-c are adjacent in a match");
        assertTrue(mayMatch("a\\bb", "ab"), "an assertion does not separate its neighbours");
        assertNull(prefilter("x*"), "matches the empty string anywhere: no condition");
        assertNull(prefilter("^"), "no condition");
    }

    @Test
    void caseSensitivePatternsAreCheckedOnFoldedBytes() throws Exception {
        assertTrue(mayMatch("SELECT", "SELECT"));
        assertTrue(mayMatch("SELECT", "select"), "folding only merges: a conservative yes");
        assertFalse(mayMatch("SELECT", "update"));
    }

    @Test
    void triePrefixesPairWithTheirBranches() throws Exception {
        // factored like CRS's word lists: c(?:at|ow) needs "ca" or "co"
        assertFalse(mayMatch("c(?:at|ow)s", "taco stew"), "has c, a, o, t, w, s but neither 'cat' nor 'cow' pairs");
        assertTrue(mayMatch("c(?:at|ow)s", "cows"));
    }

    @Test
    void valuesWithCharsAboveByteRangeHaveNoSignature() {
        assertNull(Prefilter.signature("caf\u0100"));
    }
}
