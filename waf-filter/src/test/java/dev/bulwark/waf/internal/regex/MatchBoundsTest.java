package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link MatchBounds} must find exactly the match RE2/J's search finds: same start, same end. */
class MatchBoundsTest {

    /** RE2/J's match as {@code start << 32 | end}, or {@link MatchBounds#NO_MATCH}. */
    private static long re2j(Pattern p, String input) {
        Matcher m = p.matcher(input);
        return m.find() ? (long) m.start() << 32 | m.end() : MatchBounds.NO_MATCH;
    }

    private static String describe(long bounds) {
        return bounds < 0 ? Long.toString(bounds) : "[" + MatchBounds.start(bounds) + "," + MatchBounds.end(bounds)
                + ")";
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "a+?b|a => xaab",           // the first alternative wins though the second matches earlier
        "a|ab => ab",               // leftmost-first, not longest
        "ab|a => ab",
        "a+ => baaab",              // greedy
        "a+? => baaab",             // lazy
        "(?U)a+ => baaab",          // (?U) swaps greedy and lazy
        "(?U)a+? => baaab",
        "a{2,4} => aaaaaa",
        "a{2,4}? => aaaaaa",
        "x*y => aaxxy",
        "\\bfoo\\b => a foo. foobar",
        "\\Bo\\B => foo boo",
        "o\\b => foo boo",
        "^ab => abab",
        "b$ => abab",
        "(?m)^b => a\\nb",
        "(?m)a$ => a\\nb",
        "a*$ => baa",
        "[a-c]+?c => xabcabc",
        "((?:[;'][^;']*?){2}) => name=x'y; z; w",
        "((?:[;'][^;']*?){3}) => ; a ; b",
        "(?i)select.+?from => x SELECT a FROM b FROM c",
        "(?:ab|a)(?:bc|c) => xabc",
        "a?b? => xab",
        "\\d{2,3}?- => 12345-",
        "(?s).*?z => aa\\nz\\nz",
        "(?s).*z => aa\\nz\\nz",
    })
    void boundsAreRe2jsMatch(String pattern, String input) throws Exception {
        pattern = pattern.trim();
        input = input.trim().replace("\\n", "\n");
        Pattern p = Pattern.compile(pattern, Pattern.DOTALL);
        MatchBounds bounds = MatchBounds.of(RegexParser.parse(pattern), FastMatcher.DEFAULT_MEMORY_BUDGET);
        assertNotNull(bounds, pattern);
        assertEquals(describe(re2j(p, input)), describe(bounds.find(input)), pattern + " on " + input);
    }

    @Test
    void emptyIterationsAreLeftToRe2j() throws Exception {
        for (String pattern : new String[] {"(a*)*", "(|x)+", "(?:\\b)?a", "(a?b?)+"}) {
            assertNull(MatchBounds.of(RegexParser.parse(pattern), FastMatcher.DEFAULT_MEMORY_BUDGET), pattern);
        }
        assertNotNull(MatchBounds.of(RegexParser.parse("(ab?)+"), FastMatcher.DEFAULT_MEMORY_BUDGET));
    }

    @Test
    void aCharAboveByteRangeIsUndecided() throws Exception {
        MatchBounds bounds = MatchBounds.of(RegexParser.parse("a+"), FastMatcher.DEFAULT_MEMORY_BUDGET);
        assertEquals(MatchBounds.UNDECIDED, bounds.find("\u0100aa"));
    }

    @Test
    void aScanWhoseStatesOverflowTheBudgetIsLeftToRe2j() throws Exception {
        // [ab]*a[ab]{20} ends a match wherever the 21st char back is an a: a state per set of positions, far more
        // than 64 KB of them on random a/b text
        String pattern = "x[ab]*a[ab]{20}";
        MatchBounds bounds = MatchBounds.of(RegexParser.parse(pattern), 64 * 1024);
        java.util.Random random = new java.util.Random(5);
        StringBuilder sb = new StringBuilder("x");
        for (int i = 0; i < 50_000; i++) {
            sb.append(random.nextBoolean() ? 'a' : 'b');
        }
        assertEquals(MatchBounds.UNDECIDED, bounds.find(sb.toString()));
        assertTrue(bounds.cacheResets() > 0);
        // short inputs are still decided, and right, with the same small cache
        Pattern p = Pattern.compile(pattern, Pattern.DOTALL);
        String shortInput = "yxb" + "a".repeat(25) + "b";
        assertEquals(describe(re2j(p, shortInput)), describe(bounds.find(shortInput)));
        // and Regex answers with RE2/J where the bounds give up
        Regex regex = Regex.compile("(" + pattern + ")");
        assertEquals(List.of(regex.findGroupsWithRe2j(sb.toString())), List.of(regex.findGroups(sb.toString())));
    }

    @Test
    void regexCapturesThatAreTheMatchComeFromTheBounds() throws Exception {
        // no group: TX:0 only; one group around everything: TX:0 and TX:1, equal
        Regex none = Regex.compile("(?:[;'][^;']*?){2}");
        Regex whole = Regex.compile("((?:[;'][^;']*?){2})");
        String input = "name=O'Brien; street; town";
        assertNotNull(none.matchBounds());
        assertEquals(List.of(none.findGroupsWithRe2j(input)), List.of(none.findGroups(input)));
        assertEquals(List.of(whole.findGroupsWithRe2j(input)), List.of(whole.findGroups(input)));
        assertNull(whole.findGroups("no specials here"));
    }

    /** Random patterns and inputs, as the fast path's fuzz test draws them. */
    @Test
    void randomPatternsAgreeWithRe2j() {
        Random random = new Random(Long.getLong("bounds.fuzz.seed", 1_000_003L));
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        long pairs = 0;
        long matches = 0;
        for (int i = 0; i < 4000; i++) {
            String pattern = new FastMatcherFuzzTest.PatternGenerator(random).pattern();
            Pattern re2j;
            try {
                re2j = Pattern.compile(pattern, Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                continue;
            }
            MatchBounds bounds;
            try {
                bounds = MatchBounds.of(RegexParser.parse(pattern), FastMatcher.DEFAULT_MEMORY_BUDGET);
            } catch (UnsupportedPatternException e) {
                continue; // no fast path either: RE2/J alone
            }
            if (bounds == null) {
                continue;
            }
            compared++;
            for (int j = 0; j < 60; j++) {
                String input = FastMatcherFuzzTest.randomInput(random);
                long expected = re2j(re2j, input);
                long actual = bounds.find(input);
                pairs++;
                matches += expected >= 0 ? 1 : 0;
                if (expected != actual && mismatches.size() < 20) {
                    mismatches.add(pattern + " on " + FastMatcherCrsDifferentialTest.escape(input) + ": RE2/J "
                            + describe(expected) + ", bounds " + describe(actual));
                }
            }
        }
        System.out.printf("bounds fuzz: %d patterns, %d pairs, %d matching%n", compared, pairs, matches);
        assertTrue(compared > 1000, "too few patterns with bounds: " + compared);
        assertEquals(List.of(), mismatches);
    }
}
