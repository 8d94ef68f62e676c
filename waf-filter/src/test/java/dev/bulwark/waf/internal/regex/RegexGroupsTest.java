package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Regex#findGroups} against RE2/J's own capturing search, and the shortcut for a group that is the match. */
class RegexGroupsTest {

    @Test
    void aGroupThatIsTheWholePatternIsRecognised() {
        assertTrue(Regex.firstGroupIsWholePattern("(abc)"));
        assertTrue(Regex.firstGroupIsWholePattern("(?i)(a(?:b|c)+)"));
        assertTrue(Regex.firstGroupIsWholePattern("(?is)([)(]\\))"), "parens in a class and escaped");
        assertTrue(Regex.firstGroupIsWholePattern("([]a]|\\Q)(\\E)"), "a leading ] and a quoted run");
        assertTrue(Regex.firstGroupIsWholePattern("((?:[!-\\+\\-:->@\\[\\]\\^`\\{-~][^!-\\+]*?){12})"));
        assertFalse(Regex.firstGroupIsWholePattern("(a)(b)"));
        assertFalse(Regex.firstGroupIsWholePattern("(a)b"));
        assertFalse(Regex.firstGroupIsWholePattern("(a)|b"));
        assertFalse(Regex.firstGroupIsWholePattern("(?:a)"));
        assertFalse(Regex.firstGroupIsWholePattern("(?i:a)"));
        assertFalse(Regex.firstGroupIsWholePattern("\\((a)"));
        assertFalse(Regex.firstGroupIsWholePattern("([[:alpha:]]\\Q)"), "an unterminated quote");
    }

    @Test
    void groupsAreRe2jsGroups() throws Exception {
        String[] patterns = {
            "((?:(?:[!-\\+\\-:->@\\[\\]\\^`\\{-~]|\\x{c2}\\x{b4}|\\x{e2}\\x80[\\x98\\x99])[^!-\\+\\-:->@\\[\\]\\^`\\{-~]*?){2})",
            "((?:(?:[!-\\+\\-:->@\\[\\]\\^`\\{-~]|\\x{c2}\\x{b4}|\\x{e2}\\x80[\\x98\\x99])[^!-\\+\\-:->@\\[\\]\\^`\\{-~]*?){6})",
            "(?i)(sel(?:ect)?)", "(a|ab)(c|bcd)(d*)", "(a+?)", "x(y)?z", "(?i)\\b(union)\\b",
        };
        String[] inputs = {"", "a", "abcd", "xz", "xyz", "Please drop us a line; we are away on the 12th. ok?",
            "1 UNION SELECT", "select", "SeLe", "((;;))'\"", "\u00c2\u00b4x\u00e2\u0080\u0098y", "aaa", "ab c-d.e,f"};
        for (String source : patterns) {
            Regex regex = Regex.compile(source);
            Pattern reference = Pattern.compile(PcreCompatibility.rewrite(source), Pattern.DOTALL);
            for (String input : inputs) {
                Matcher m = reference.matcher(input);
                String[] expected = null;
                if (m.find()) {
                    expected = new String[m.groupCount() + 1];
                    for (int g = 0; g <= m.groupCount(); g++) {
                        expected[g] = m.group(g);
                    }
                }
                assertArrayEquals(expected, regex.findGroups(input), source + " on " + input);
            }
        }
        assertEquals(1, Regex.compile(patterns[0]).groupCount());
    }
}
