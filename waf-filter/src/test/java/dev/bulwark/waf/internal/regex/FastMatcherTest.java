package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import dev.bulwark.waf.internal.regex.RegexTree.Chars;
import dev.bulwark.waf.internal.regex.RegexTree.Repeat;
import dev.bulwark.waf.internal.regex.RegexTree.Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parser, NFA and DFA on small patterns; every expectation is also checked against RE2/J. */
class FastMatcherTest {

    /** Pattern, input (with \n, \r, \v, \xNN written as escapes), whether it matches somewhere. */
    @ParameterizedTest(name = "{0} on \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            abc                 | xxabcxx        | true
            abc                 | ab             | false
            ``                  | ``             | true
            a*                  | ``             | true
            a+                  | ``             | false
            ^abc                | abcd           | true
            ^abc                | xabc           | false
            abc$                | xabc           | true
            abc$                | abc\\n         | false
            abc\\z              | abc            | true
            \\Aabc              | abc            | true
            (?m)^abc$           | x\\nabc\\ny    | true
            (?m)^abc$           | xabc\\ny       | false
            (?m)$\\n            | a\\n           | true
            ^$                  | ``             | true
            ^$                  | \\n            | false
            .                   | \\n            | true
            (?-s).              | \\n            | false
            (?-s:.)x            | \\nx           | false
            \\bor\\b            | a or b         | true
            \\bor\\b            | \\xe9or        | true
            \\bor\\b            | xor            | false
            \\Bor               | xor            | true
            \\Bor               | or             | false
            or\\b               | or             | true
            x\\b                | x_             | false
            \\b                 | ``             | false
            \\B                 | ``             | true
            (?i)select          | SeLeCt         | true
            (?i)\\xe9           | \\xc9          | true
            \\xe9               | \\xc9          | false
            (?i:a)b             | AB             | false
            (?i:a)b             | Ab             | true
            (a(?i)b)c           | aBC            | false
            (a(?i)b)c           | aBc            | true
            a(?i)*              | aaa            | true
            a(?i)+b             | aab            | true
            a{2}                | a              | false
            a{2}                | aa             | true
            a{2,}               | aaa            | true
            a{2,3}b             | ab             | false
            a{2,3}b             | aaab           | true
            ^a{2,3}b            | aaaab          | false
            a{,5}               | a{,5}          | true
            a{,5}               | aaaaa          | false
            a{01}               | a{01}          | true
            x{                  | x{             | true
            \\12                | \\n            | true
            \\0                 | \\x00          | true
            \\101               | A              | true
            \\x41\\x{42}        | AB             | true
            \\Qa.b*\\E          | a.b*           | true
            \\Qa.b*\\E          | axb            | false
            []a]                | ]              | true
            [^]a]               | ]              | false
            [a-]                | -              | true
            [\\d-z]             | -              | true
            [\\d-z]             | y              | false
            [[:alpha:]]+[[:^digit:]] | ab1       | true
            [[:space:]]         | \\v            | true
            \\s                 | \\v            | false
            [\\s]               | \\v            | false
            \\S                 | \\v            | true
            `(?:ab|cd)+e`       | abcdabe        | true
            (?P<n>a)(?<m>b)     | ab             | true
            `(a|b)*?c`          | ababc          | true
            ((a*)*)*b           | aaaa           | false
            (a+)+$              | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab | false
            `(a|aa)*c`          | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  | false
            ^*a                 | xa             | true
            (?U)a+?b            | aab            | true
            """)
    void matchesLikeRe2j(String pattern, String escapedInput, boolean expected) {
        String input = unescape(escapedInput);
        assertEquals(expected, Pattern.compile(pattern, Pattern.DOTALL).matcher(input).find(), "RE2/J itself");
        FastMatcher fast = FastMatcher.compile(pattern);
        assertNotNull(fast, "no fast path for " + pattern + ": " + FastMatcher.unsupportedReason(pattern));
        assertEquals(expected ? FastMatcher.MATCH : FastMatcher.NO_MATCH, fast.find(input));
    }

    @Test
    void parsesQuantifierAfterFlagGroupAsRepeatOfPreviousItem() throws Exception {
        RegexTree tree = RegexParser.parse("ab(?i)*");
        assertEquals(new Sequence(java.util.List.of(new Chars(ByteSet.of('a')),
                new Repeat(new Chars(ByteSet.of('b')), 0, Repeat.UNBOUNDED))), tree);
    }

    @Test
    void leavesUnicodeClassesAndFoldingAboveByteRangeToRe2j() {
        assertNull(FastMatcher.compile("\\pL"));
        assertNull(FastMatcher.compile("[\\p{Greek}a]"));
        assertNull(FastMatcher.compile("(?i)\\x{17f}"));
        assertNotNull(FastMatcher.unsupportedReason("\\pL"));
        assertNull(FastMatcher.unsupportedReason("a|b"));
    }

    @Test
    void refusesProgramsThatExpandTooFar() {
        assertNull(FastMatcher.compile("((a{1000}){1000}){1000}"));
        assertNotNull(FastMatcher.compile("[^x]{1,255}y"));
    }

    @Test
    void charAboveByteRangeIsUndecidedAndRegexFallsBackToRe2j() throws Exception {
        FastMatcher fast = FastMatcher.compile("\\x{100}");
        assertEquals(FastMatcher.UNDECIDED, fast.find("a\u0100"));
        Regex regex = Regex.compile("\\x{100}");
        assertTrue(regex.hasFastPath());
        assertTrue(regex.find("a\u0100"));
        assertFalse(regex.find("a\u00ff"));
        // a match found before the wide char is still a match
        assertEquals(FastMatcher.MATCH, FastMatcher.compile("a").find("a\u0100"));
    }

    @Test
    void searchWhoseStatesOverflowTheBudgetIsLeftToRe2j() {
        // [ab]*a[ab]{20}c needs a state per set of the last 21 a/b positions: far more than 64 KB of states
        String pattern = "[ab]*a[ab]{20}c";
        FastMatcher fast = FastMatcher.compile(pattern, 64 * 1024);
        java.util.Random random = new java.util.Random(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append(random.nextBoolean() ? 'a' : 'b');
        }
        String thrashing = sb.toString();
        assertEquals(FastMatcher.UNDECIDED, fast.find(thrashing));
        assertTrue(fast.dfa().cacheResets() > 0);
        // short inputs are still decided, and correctly, with the same small cache
        assertEquals(FastMatcher.MATCH, fast.find("xa" + "b".repeat(20) + "c"));
        assertEquals(FastMatcher.NO_MATCH, fast.find("xa" + "b".repeat(19) + "c"));
    }

    @Test
    void regexUsesFastPathAndKeepsCapturesOnRe2j() throws Exception {
        Regex regex = Regex.compile("(?i)(union)\\s+(select)");
        assertTrue(regex.hasFastPath());
        assertTrue(regex.find("1 UNION\u000bSELECT"));
        assertEquals("UNION", regex.findGroups("1 UNION\u000bSELECT")[1]);
    }

    @Test
    void aPatternAnchoredAtBothEndsCapturesTheWholeInputAsRe2jDoes() throws Exception {
        // the shortcut (no capturing search) must give what RE2/J gives, and must not apply where it would differ
        String[] patterns = {"^.*$", "^(?:ab|c)+$", "^a|b$", "^a", "b$", "^(a)$", "\\A[a-c]*\\z"};
        String[] inputs = {"", "abc", "ab", "cab", "a", "b", "x\nb", "abab"};
        for (String p : patterns) {
            Regex regex = Regex.compile(p);
            Pattern re2j = Pattern.compile(p, Pattern.DOTALL);
            for (String in : inputs) {
                com.google.re2j.Matcher m = re2j.matcher(in);
                String[] groups = regex.findGroups(in);
                if (!m.find()) {
                    assertNull(groups, p + " on " + in);
                    continue;
                }
                assertNotNull(groups, p + " on " + in);
                for (int g = 0; g <= m.groupCount(); g++) {
                    assertEquals(m.group(g), groups[g], p + " group " + g + " on " + in);
                }
            }
        }
    }

    @Test
    void anchoredPatternStopsEarlyOnDeadState() {
        FastMatcher fast = FastMatcher.compile("^abc");
        assertEquals(FastMatcher.NO_MATCH, fast.find("x" + "abc".repeat(1000)));
        // only a handful of states: start, after a, after ab
        assertTrue(fast.dfa().cachedStates() <= 4, "states: " + fast.dfa().cachedStates());
    }

    @Test
    void byteClassesMergeCharsTreatedAlike() {
        assertEquals(2, FastMatcher.compile("[a-z]+").dfa().byteClassCount());
        assertEquals(3, FastMatcher.compile("[a-z]+\\b").dfa().byteClassCount());
    }

    /** {@code \n}, {@code \r}, {@code \v} and {@code \xNN} escapes; anything else is literal. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(i + 1);
                if (e == 'n') {
                    sb.append('\n');
                    i++;
                    continue;
                }
                if (e == 'r') {
                    sb.append('\r');
                    i++;
                    continue;
                }
                if (e == 'v') {
                    sb.append('\u000b');
                    i++;
                    continue;
                }
                if (e == 'x' && i + 3 < s.length()) {
                    sb.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                    i += 3;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
