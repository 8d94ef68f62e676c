package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The strings one of which every match contains. Soundness over all CRS patterns and the CRS corpus is checked in
 * {@link FastMatcherCrsDifferentialTest}; these are the rules of the derivation, one by one.
 */
class RequiredLiteralsTest {

    private static Set<String> of(String pattern) throws Exception {
        return RequiredLiterals.of(RegexParser.parse(PcreCompatibility.rewrite(pattern)));
    }

    @Test
    void aSequenceOfFixedCharsIsOneString() throws Exception {
        assertEquals(Set.of("union"), of("union"));
        assertEquals(Set.of("union"), of("(?i)union"), "folded to lower case");
        // the longer run wins over the shorter one
        assertEquals(Set.of("select"), of("(?i)ab\\s+select"));
    }

    @Test
    void anAlternationNeedsAStringFromEachAlternative() throws Exception {
        assertEquals(Set.of("cat", "curl", "wget"), of("(?:cat|curl|wget)"));
        assertNull(of("(?:cat|.*)"), "an alternative that requires nothing makes the whole require nothing");
    }

    @Test
    void smallClassesMultiplyAndLargeOnesBreakRuns() throws Exception {
        assertEquals(Set.of("ab1", "ab2", "ab3"), of("ab[1-3]"));
        // [a-z] has too many chars: the runs on either side of it are the candidates, the longer one wins
        assertEquals(Set.of("xyz"), of("q[a-z]xyz"));
    }

    @Test
    void repeatsKeepTheirItemsStringsOnlyWhenTheyCannotBeEmpty() throws Exception {
        assertEquals(Set.of("ab"), of("(?:ab)+"));
        assertEquals(Set.of("cd"), of("(?:ab)*cd"));
        assertEquals(Set.of("abab"), of("(?:ab){2}"));
        // an optional item makes two variants of the run
        assertEquals(Set.of("ac", "abc"), of("ab?c"));
    }

    @Test
    void patternsThatRequireNothingHaveNoSet() throws Exception {
        assertNull(of("^.*$"));
        assertNull(of("\\d+"));
        assertNull(of("x?"));
    }

    @Test
    void aValueIsFoldedAndCheckedForEveryString() {
        Set<String> literals = Set.of("select", "union");
        assertTrue(RequiredLiterals.foundIn(literals, "1 UNION all"));
        assertFalse(RequiredLiterals.foundIn(literals, "blue shoes"));
        assertTrue(RequiredLiterals.foundIn(null, "anything"), "no set: every value is a candidate");
        assertTrue(RequiredLiterals.foundIn(literals, "\u0100 no byte string"), "left to the pattern");
        // only ASCII letters fold, as in signatures: a Latin-1 capital is not its small letter
        assertFalse(RequiredLiterals.foundIn(Set.of("\u00e0"), "\u00c0"));
    }
}
