package dev.bulwark.waf.internal.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.waf.internal.regex.CrsRxPatterns.RxPattern;
import dev.bulwark.waf.testsupport.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every CRS {@code @rx} pattern against strings from the CRS regression tests, their variants, edge cases and random
 * byte strings: the fast path must give RE2/J's answer for every pair, and {@link MatchBounds} RE2/J's match.
 *
 * <p>Runtime is dominated by RE2/J (the oracle). To keep the test near a minute on two cores, the corpus is sampled
 * deterministically: every string of the CRS tests up to {@value #MAX_CRS_STRINGS} (evenly spaced by index when
 * there are more), strings longer than {@value #MAX_LENGTH} chars cut to that length, and edge-case variants
 * of a sample of {@value #VARIANT_BASES} of them. {@code -Dfastpath.differential.full=true} runs the whole corpus.
 */
class FastMatcherCrsDifferentialTest {

    private static final int MAX_CRS_STRINGS = 6000;
    private static final int MAX_LENGTH = 4096;
    private static final int VARIANT_BASES = 400;
    private static final int RANDOM_STRINGS = 600;

    @Test
    void fastPathAgreesWithRe2jOnEveryCrsPatternAndCorpusString() throws Exception {
        Path crs = SharedData.requireCrs();
        Path rules = crs.resolve("rules");
        Path tests = crs.resolve("tests/regression/tests");
        boolean full = Boolean.getBoolean("fastpath.differential.full");

        List<RxPattern> patterns = CrsRxPatterns.load(rules);
        List<Regex> compiled = new ArrayList<>();
        List<Set<String>> literals = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (RxPattern p : patterns) {
            Regex regex = Regex.compile(p.pattern());
            compiled.add(regex);
            literals.add(regex.hasFastPath() ? p.requiredLiterals() : null);
            if (!regex.hasFastPath()) {
                unsupported.add(p.ruleId() + ": " + FastMatcher.unsupportedReason(PcreCompatibility.rewrite(p.pattern())));
            }
        }

        List<String> crsStrings = CrsTestCorpus.load(tests);
        List<String> corpus = buildCorpus(crsStrings, full);

        List<long[]> signatures = new ArrayList<>();
        for (String s : corpus) {
            signatures.add(Regex.signature(s));
        }
        long pairs = 0;
        long matches = 0;
        long undecided = 0;
        long prefiltered = 0;
        int withPrefilter = 0;
        int withBounds = 0;
        long boundsPairs = 0;
        long boundsUndecided = 0;
        long capturePairs = 0;
        long start = System.nanoTime();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            Regex regex = compiled.get(i);
            if (!regex.hasFastPath()) {
                continue;
            }
            withPrefilter += regex.hasPrefilter() ? 1 : 0;
            MatchBounds bounds = regex.matchBounds();
            withBounds += bounds != null ? 1 : 0;
            for (int k = 0; k < corpus.size(); k++) {
                String s = corpus.get(k);
                long re2jBounds = regex.boundsWithRe2j(s);
                boolean expected = re2jBounds >= 0;
                if (bounds != null) {
                    long found = bounds.find(s);
                    if (found == MatchBounds.UNDECIDED) {
                        boundsUndecided++;
                    } else if (found != re2jBounds && mismatches.size() < 20) {
                        mismatches.add(patterns.get(i).ruleId() + " (MatchBounds) on " + escape(s) + ": RE2/J "
                                + re2jBounds + ", bounds " + found);
                    }
                    boundsPairs++;
                }
                if (expected && regex.groupCount() > 0) {
                    // captures: RE2/J's search from the match's start must give RE2/J's own groups
                    capturePairs++;
                    if (!java.util.Arrays.equals(regex.findGroups(s), regex.findGroupsWithRe2j(s))
                            && mismatches.size() < 20) {
                        mismatches.add(patterns.get(i).ruleId() + " (findGroups) on " + escape(s));
                    }
                }
                // so may the required literals: every match contains one of them
                if (expected && !RequiredLiterals.foundIn(literals.get(i), s) && mismatches.size() < 20) {
                    mismatches.add(patterns.get(i).ruleId() + " (RequiredLiterals missed a match) on " + escape(s));
                }
                boolean actual = regex.find(s);
                // the prefilter may only refuse values the pattern does not match
                boolean mayMatch = regex.mayMatch(signatures.get(k));
                if (!mayMatch) {
                    prefiltered++;
                    if (expected && mismatches.size() < 20) {
                        mismatches.add(patterns.get(i).ruleId() + " (Prefilter refused a match) on " + escape(s));
                    }
                }
                if (regex.find(s, signatures.get(k)) != expected && mismatches.size() < 20) {
                    mismatches.add(patterns.get(i).ruleId() + " (find with signature) on " + escape(s)
                            + ": RE2/J " + expected);
                }
                int verdict = regex.fastMatcher().find(s);
                if (verdict == FastMatcher.UNDECIDED) {
                    undecided++;
                } else if ((verdict == FastMatcher.MATCH) != expected && mismatches.size() < 20) {
                    mismatches.add(patterns.get(i).ruleId() + " (FastMatcher) on " + escape(s) + ": RE2/J " + expected);
                }
                pairs++;
                if (expected) {
                    matches++;
                }
                if (expected != actual && mismatches.size() < 20) {
                    mismatches.add(patterns.get(i).ruleId() + " on " + escape(s) + ": RE2/J " + expected);
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long states = 0;
        long bytes = 0;
        long resets = 0;
        int largest = -1;
        for (int i = 0; i < compiled.size(); i++) {
            FastMatcher fast = compiled.get(i).fastMatcher();
            if (fast != null) {
                states += fast.dfa().cachedStates();
                bytes += fast.dfa().cachedBytes();
                resets += fast.dfa().cacheResets();
                if (largest < 0 || fast.dfa().cachedBytes() > compiled.get(largest).fastMatcher().dfa().cachedBytes()) {
                    largest = i;
                }
            }
        }

        System.out.printf("fast path: %d of %d CRS @rx patterns; no fast path: %s%n",
                compiled.size() - unsupported.size(), compiled.size(), unsupported);
        System.out.printf("corpus: %d strings (%d distinct CRS test strings%s), %d pairs compared, %d matching,"
                + " %d mismatches, %d left to RE2/J by the fast path, %d ms%n", corpus.size(), crsStrings.size(),
                full ? ", full" : ", sampled", pairs, matches, mismatches.size(), undecided, millis);
        System.out.printf("prefilter: %d of %d patterns have one; it settled %d of %d pairs (%.1f%%) without the"
                + " pattern running%n", withPrefilter, compiled.size(), prefiltered, pairs,
                pairs == 0 ? 0.0 : 100.0 * prefiltered / pairs);
        System.out.printf("match bounds: %d of %d patterns have them; %d pairs compared with RE2/J's match, %d left"
                + " to RE2/J; groups of %d matching pairs compared%n", withBounds, compiled.size(), boundsPairs,
                boundsUndecided, capturePairs);
        if (largest >= 0) {
            LazyDfa big = compiled.get(largest).fastMatcher().dfa();
            System.out.printf("DFA caches after the run: %d states, ~%d KB in all; largest %s with %d states,"
                    + " ~%d KB; %d cache resets (budget %d KB per pattern)%n", states, bytes / 1024,
                    patterns.get(largest).ruleId(), big.cachedStates(), big.cachedBytes() / 1024, resets,
                    FastMatcher.DEFAULT_MEMORY_BUDGET / 1024);
        }
        assertTrue(patterns.size() >= 300, "expected the CRS @rx patterns, found " + patterns.size());
        assertTrue(matches > 10_000, "the corpus should exercise matches, got " + matches);
        assertTrue(withBounds > patterns.size() / 2, "most CRS patterns should have match bounds: " + withBounds);
        assertEquals(List.of(), mismatches);
    }

    private static List<String> buildCorpus(List<String> crsStrings, boolean full) {
        Set<String> corpus = new LinkedHashSet<>();
        List<String> base = full ? crsStrings : evenlySpaced(crsStrings, MAX_CRS_STRINGS);
        for (String s : base) {
            corpus.add(full || s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH));
        }
        for (String s : evenlySpaced(base, full ? base.size() : VARIANT_BASES)) {
            corpus.addAll(variants(s.length() <= 512 ? s : s.substring(0, 512)));
        }
        corpus.addAll(edgeCases());
        Random random = new Random(20240611);
        for (int i = 0; i < RANDOM_STRINGS; i++) {
            corpus.add(randomByteString(random));
        }
        return new ArrayList<>(corpus);
    }

    private static List<String> evenlySpaced(List<String> all, int count) {
        if (all.size() <= count) {
            return all;
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(all.get((int) ((long) i * all.size() / count)));
        }
        return out;
    }

    /** Line ends (and VT, NEL) around the value, VT for spaces, case flips, Latin-1 letters: where engines tend to differ. */
    static List<String> variants(String s) {
        List<String> out = new ArrayList<>();
        out.add(s + "\n");
        out.add("\n" + s);
        out.add(s + "\r\n");
        out.add(s + "\r");
        out.add(s + "\u000b");
        out.add(s + "\u0085"); // NEL: a line terminator for java.util.regex, not for RE2
        out.add(s.replace(' ', '\u000b'));
        out.add(s.replace(' ', '\n'));
        out.add(upperAscii(s));
        out.add(latin1Letters(s));
        out.add(s + "\u00e9");
        out.add("\u00c9" + s);
        return out;
    }

    static List<String> edgeCases() {
        List<String> out = new ArrayList<>(List.of("", "\n", "\r\n", "\r", "\u000b", " ", "\t", "\u0000", "\u00ff",
                "a", "A", "_", "0", "a\n", "\na", "a\r\n", "a\u000bb", "\u00e9", "\u00c9", "\u00e2\u0080\u0098",
                "\u00c2\u00b4", "\u00ac\u00ed\u0000\u0005", "\u00bcscript\u00be", "$", "^", "\\", "'", "\"", "--",
                "/*", "*/", "<script>", "<SCRIPT>", "<scr\u00efpt>", "union select", "UNION\u000bSELECT",
                "eval(", "system(", "cat /etc/passwd", "cat\u000b/etc/passwd", ";ls -la", "`id`", "${jndi:ldap://x}",
                "php://filter", "file.php\n", "file.php.", "file.jsp\n", ".htaccess", "\u0000\u0000", "%00", "../",
                "..\\", "x".repeat(300), "a".repeat(40), "a".repeat(40) + "\n"));
        for (int c = 0; c < 256; c++) {
            out.add(String.valueOf((char) c));
            out.add("a" + (char) c + "b");
        }
        return out;
    }

    private static String randomByteString(Random random) {
        int length = random.nextInt(48);
        StringBuilder sb = new StringBuilder(length);
        String common = " \t\n\r\u000b/\\.;:'\"<>()[]{}=&|$-_%+*?!#@`~,0123456789";
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 3) {
                sb.append((char) random.nextInt(256));
            } else if (kind < 7) {
                sb.append((char) ('a' + random.nextInt(26) - (random.nextBoolean() ? 32 : 0)));
            } else {
                sb.append(common.charAt(random.nextInt(common.length())));
            }
        }
        return sb.toString();
    }

    private static String upperAscii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return sb.toString();
    }

    /** Some ASCII vowels replaced by Latin-1 letters (lower and upper case) that fold together in RE2/J. */
    private static String latin1Letters(String s) {
        return s.replace('a', '\u00e0').replace('e', '\u00c9').replace('o', '\u00f6').replace('i', '\u00cf');
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(s.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        if (s.length() > limit) {
            sb.append("...(").append(s.length()).append(" chars)");
        }
        return sb.append('"').toString();
    }
}
