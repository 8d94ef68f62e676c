package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random patterns from every construct the parser handles, on random inputs over a small alphabet rich in the chars
 * those constructs distinguish (word/non-word, newline, VT, Latin-1 letters of both cases): the fast path must
 * agree with RE2/J on every pair. Fixed seed, so a failure reproduces.
 */
class FastMatcherFuzzTest {

    /** Patterns per run; {@code -Dfastpath.fuzz.patterns=N} for a longer hunt. */
    private static final int PATTERNS = Integer.getInteger("fastpath.fuzz.patterns", 4000);
    private static final int INPUTS_PER_PATTERN = 60;
    private static final String ALPHABET = "aAbBkK_0 -\n\r\u000b\u00e9\u00c9\u00ff.{}]";

    @Test
    void randomPatternsAgreeWithRe2j() {
        Random random = new Random(Long.getLong("fastpath.fuzz.seed", 7_340_033L));
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int unsupported = 0;
        long pairs = 0;
        long matches = 0;
        for (int i = 0; i < PATTERNS; i++) {
            String pattern = new PatternGenerator(random).pattern();
            Pattern re2j;
            try {
                re2j = Pattern.compile(pattern, Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                continue; // the generator may produce what RE2/J rejects; only accepted patterns matter
            }
            FastMatcher fast = FastMatcher.compile(pattern);
            if (fast == null) {
                // by design only (?i) on chars above 255 (the \x{100} atom) is left to RE2/J
                unsupported++;
                String reason = FastMatcher.unsupportedReason(pattern);
                if (!"case folding above 255".equals(reason)) {
                    mismatches.add("no fast path for " + pattern + ": " + reason);
                }
                continue;
            }
            compared++;
            Prefilter prefilter;
            try {
                prefilter = Prefilter.of(RegexParser.parse(pattern));
            } catch (UnsupportedPatternException e) {
                throw new AssertionError("the fast path parsed " + pattern + " but the prefilter cannot", e);
            }
            for (int j = 0; j < INPUTS_PER_PATTERN; j++) {
                String input = randomInput(random);
                boolean expected = re2j.matcher(input).find();
                long[] signature = Prefilter.signature(input);
                if (expected && prefilter != null && signature != null && !prefilter.mayMatch(signature)
                        && mismatches.size() < 20) {
                    mismatches.add("prefilter refused a match: " + pattern + " on "
                            + FastMatcherCrsDifferentialTest.escape(input));
                }
                pairs++;
                if (expected) {
                    matches++;
                }
                if (expected != (fast.find(input) == FastMatcher.MATCH) && mismatches.size() < 20) {
                    mismatches.add(pattern + " on " + FastMatcherCrsDifferentialTest.escape(input) + ": RE2/J "
                            + expected);
                }
            }
        }
        System.out.printf("fuzz: %d patterns compared (%d without fast path), %d pairs, %d matching%n", compared,
                unsupported, pairs, matches);
        assertTrue(compared > PATTERNS / 2, "too few valid patterns: " + compared);
        assertTrue(matches > pairs / 10 && matches < pairs * 9 / 10, "inputs should both match and not: " + matches);
        assertEquals(List.of(), mismatches);
    }

    static String randomInput(Random random) {
        int length = random.nextInt(12);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Grows a random RE2-syntax pattern. */
    static final class PatternGenerator {
        private static final String[] ATOMS = {"a", "b", "k", "K", "_", "0", " ", "-", "\\n", "\\r", "\\v", "\\x0b",
            "\\xe9", "\\xc9", "\\x{e9}", "\\x{ff}", "\\x{100}", "\\013", "\\12", "\\0", "\\.", "\\{", "\\]", "\\-",
            ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "^", "$", "\\A", "\\z", "\\b", "\\B", "\\Qa.\\E", "{",
            "x{", "}", "]", "\u00e9", "\u00c9"};
        private static final String[] CLASS_ITEMS = {"a", "b", "a-c", "A-Z", "k", "_", "0-9", " ", "-", "\\n",
            "\\x0b", "\\xc0-\\xde", "\\xe9", "\\xe0-\\xff", "\\d", "\\W", "\\s", "\\S", "[:alpha:]", "[:^space:]",
            "[:word:]", "[:punct:]", "\\x{e9}", "\\]", "\\-", ".", "{", "\u00c9"};
        private static final String[] QUANTIFIERS = {"*", "+", "?", "*?", "+?", "??", "{2}", "{0,2}", "{1,}",
            "{2,3}", "{0}", "{,2}", "{02}", "{3}?"};
        private static final String[] FLAGS = {"(?i)", "(?-i)", "(?s)", "(?-s)", "(?m)", "(?-m)", "(?U)", "(?im)",
            "(?i-s)"};

        private final Random random;

        PatternGenerator(Random random) {
            this.random = random;
        }

        String pattern() {
            StringBuilder sb = new StringBuilder();
            alternation(sb, 0);
            return sb.toString();
        }

        private void alternation(StringBuilder sb, int depth) {
            int alternatives = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
            for (int i = 0; i < alternatives; i++) {
                if (i > 0) {
                    sb.append('|');
                }
                sequence(sb, depth);
            }
        }

        private void sequence(StringBuilder sb, int depth) {
            int items = random.nextInt(5);
            for (int i = 0; i < items; i++) {
                if (random.nextInt(12) == 0) {
                    sb.append(pick(FLAGS));
                }
                item(sb, depth);
                if (random.nextInt(3) == 0) {
                    sb.append(pick(QUANTIFIERS));
                }
            }
        }

        private void item(StringBuilder sb, int depth) {
            int kind = random.nextInt(10);
            if (kind < 2 && depth < 3) {
                String open = switch (random.nextInt(5)) {
                    case 0 -> "(";
                    case 1 -> "(?:";
                    case 2 -> "(?i:";
                    case 3 -> "(?-i:";
                    default -> "(?P<g" + random.nextInt(1000) + ">";
                };
                sb.append(open);
                alternation(sb, depth + 1);
                sb.append(')');
            } else if (kind < 4) {
                sb.append('[');
                if (random.nextBoolean()) {
                    sb.append('^');
                }
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    sb.append(pick(CLASS_ITEMS));
                }
                sb.append(']');
            } else {
                sb.append(pick(ATOMS));
            }
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }
    }
}
