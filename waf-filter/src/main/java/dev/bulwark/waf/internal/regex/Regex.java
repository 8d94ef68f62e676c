package dev.bulwark.waf.internal.regex;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The single door through which every rule pattern is compiled and evaluated. RE2 semantics, always: RE2/J compiles
 * and validates the pattern, so matching is linear in the input whatever the pattern.
 *
 * <p>Inputs are byte strings (one char per byte, U+0000..U+00FF), which makes RE2/J see what PCRE sees in
 * ModSecurity. Two differences from PCRE are removed when compiling (see {@link PcreCompatibility}): {@code \s}
 * includes the vertical tab, and {@code (?i)} folds ASCII letters only.
 *
 * <p>{@link #find} runs at DFA speed when the pattern has a {@link FastMatcher} (same answers as RE2/J; most
 * patterns have one). Captures ({@link #findGroups}) use RE2/J, except where they are the match itself: then
 * {@link MatchBounds} finds it at DFA speed. {@link #matcher} is RE2/J's.
 *
 * <p>Immutable and thread-safe.
 */
public final class Regex {

    private final String source;
    private final Pattern pattern;
    /** The match-only fast path, or null when the pattern has none. */
    private final FastMatcher fast;
    /** A necessary condition checked against a value's signature first, or null when the pattern has none. */
    private final Prefilter prefilter;
    /**
     * Whether every match is the whole input ({@code ^...$}: anchored at both ends of the text) and the pattern
     * has no groups: then a match found by the fast path needs no capturing search ({@code ^.*$} in CRS 920450).
     */
    private final boolean matchIsWholeInput;
    /**
     * Whether the pattern's one capturing group is the whole pattern ({@code ((?:[...][^...]*?){12})} in CRS
     * 942430): group 1 is then the match itself, and RE2/J's second, capturing run over the match is not needed.
     */
    private final boolean groupIsWholeMatch;
    /** The pattern as RE2/J compiled it, for {@link #matchBounds}. */
    private final String rewritten;
    /**
     * Where the match lies, at DFA speed, for patterns whose captures are the match itself; built on first use
     * (only capturing rules need it) and then kept. Null until then, or when the pattern has none.
     */
    private volatile MatchBounds bounds;
    private volatile boolean boundsBuilt;

    private Regex(String source, Pattern pattern, FastMatcher fast, Prefilter prefilter, boolean matchIsWholeInput,
            boolean groupIsWholeMatch, String rewritten) {
        this.source = source;
        this.rewritten = rewritten;
        this.pattern = pattern;
        this.fast = fast;
        this.prefilter = prefilter;
        this.matchIsWholeInput = matchIsWholeInput;
        this.groupIsWholeMatch = groupIsWholeMatch;
    }

    /**
     * Compiles {@code source} with ModSecurity's flags (dot matches newline; {@code $} only at the very end).
     *
     * @throws RegexSyntaxException when RE2 does not accept the pattern (backreferences, lookaround, ...)
     */
    public static Regex compile(String source) throws RegexSyntaxException {
        String rewritten = PcreCompatibility.rewrite(source);
        Pattern pattern;
        try {
            pattern = Pattern.compile(rewritten, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new RegexSyntaxException(source, e.getDescription());
        }
        // RE2/J validated the pattern; the fast path is built only for what RE2/J accepts
        RegexTree tree = tree(rewritten);
        return new Regex(source, pattern, FastMatcher.compile(rewritten), tree == null ? null : Prefilter.of(tree),
                tree != null && pattern.groupCount() == 0 && anchoredAtBothEnds(tree),
                pattern.groupCount() == 1 && firstGroupIsWholePattern(rewritten), rewritten);
    }

    /**
     * Whether the pattern is one capturing group, after leading flag settings such as {@code (?i)}: the group that
     * opens first closes at the very end (escapes, {@code \Q...\E} and char classes skipped).
     */
    static boolean firstGroupIsWholePattern(String p) {
        int n = p.length();
        int i = 0;
        while (p.startsWith("(?", i)) {
            int close = i + 2;
            while (close < n && "imsU-".indexOf(p.charAt(close)) >= 0) {
                close++;
            }
            if (close >= n || p.charAt(close) != ')') {
                return false; // not a flag setting: (?: or (?P< or (?i:...)
            }
            i = close + 1;
        }
        if (i >= n || p.charAt(i) != '(' || p.startsWith("(?", i)) {
            return false;
        }
        int depth = 0;
        for (int k = i; k < n; k++) {
            char c = p.charAt(k);
            if (c == '\\') {
                if (p.startsWith("\\Q", k)) {
                    int end = p.indexOf("\\E", k + 2);
                    if (end < 0) {
                        return false; // a quote that runs to the end: the group cannot close
                    }
                    k = end + 1;
                } else {
                    k++;
                }
            } else if (c == '[') {
                k = classEnd(p, k);
                if (k < 0) {
                    return false;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return k == n - 1;
            }
        }
        return false;
    }

    /** The index of the {@code ]} that closes the class opening at {@code start}, or -1. */
    private static int classEnd(String p, int start) {
        int n = p.length();
        int j = start + 1;
        if (j < n && p.charAt(j) == '^') {
            j++;
        }
        if (j < n && p.charAt(j) == ']') {
            j++; // a leading ] is a literal
        }
        while (j < n) {
            char c = p.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (p.startsWith("[:", j)) {
                int end = p.indexOf(":]", j + 2);
                if (end < 0) {
                    return -1;
                }
                j = end + 2;
            } else if (c == ']') {
                return j;
            } else {
                j++;
            }
        }
        return -1;
    }

    private static RegexTree tree(String rewritten) {
        try {
            return RegexParser.parse(rewritten);
        } catch (UnsupportedPatternException | StackOverflowError e) {
            return null; // what the parser does not model gets no prefilter
        }
    }

    private static boolean anchoredAtBothEnds(RegexTree tree) {
        if (!(tree instanceof RegexTree.Sequence s) || s.items().size() < 2) {
            return false;
        }
        return s.items().get(0) instanceof RegexTree.Assertion first
                && first.anchor() == RegexTree.Anchor.BEGIN_TEXT
                && s.items().get(s.items().size() - 1) instanceof RegexTree.Assertion last
                && last.anchor() == RegexTree.Anchor.END_TEXT;
    }

    /**
     * The signature of a value that {@link #find(String, long[])} checks patterns against: computed once per value
     * and shared by every pattern run on it. Null when the value is not a byte string.
     */
    public static long[] signature(String value) {
        return Prefilter.signature(value, null);
    }

    /**
     * {@link #signature(String)} in an array taken from {@code arrays}, valid until the arrays are given back to
     * their pool.
     */
    public static long[] signature(String value, SignatureArrays arrays) {
        return Prefilter.signature(value, arrays);
    }

    /**
     * {@link #find(String)}, after a check of the value's {@link #signature} (null: no check) that rules out most
     * values the pattern cannot match without reading them.
     */
    public boolean find(String input, long[] signature) {
        if (prefilter != null && signature != null && !prefilter.mayMatch(signature)) {
            return false;
        }
        return find(input);
    }

    /**
     * A signature covering several values, from their {@link #signature}s (where {@link #find(String, long[])} checks
     * one value's): false from {@link #mayMatch} only when the pattern can match none of them. Null when a signature
     * is null.
     */
    public static long[] unionSignature(long[][] signatures, int count) {
        return Prefilter.union(signatures, count, null);
    }

    /** {@link #unionSignature(long[][], int)} in an array taken from {@code arrays}. */
    public static long[] unionSignature(long[][] signatures, int count, SignatureArrays arrays) {
        return Prefilter.union(signatures, count, arrays);
    }

    /**
     * Whether a value with this signature (or one of the values of a {@link #unionSignature}) may match; always
     * true without a prefilter or signature.
     */
    public boolean mayMatch(long[] signature) {
        return prefilter == null || signature == null || prefilter.mayMatch(signature);
    }

    /** The pattern's signature test, or null when it has none (it could match any value). */
    public SignatureFilter signatureFilter() {
        return prefilter;
    }

    /** Whether the pattern has a prefilter: without one, a value's signature is not worth making for it. */
    public boolean hasPrefilter() {
        return prefilter != null;
    }

    /** The pattern as written in the rule. */
    public String source() {
        return source;
    }

    /** Whether the pattern matches anywhere in {@code input}. */
    public boolean find(String input) {
        if (fast != null) {
            int verdict = fast.find(input);
            if (verdict != FastMatcher.UNDECIDED) {
                return verdict == FastMatcher.MATCH;
            }
        }
        return pattern.matcher(input).find();
    }

    /** {@link #find} evaluated by RE2/J alone: the reference the fast path is tested against. */
    boolean findWithRe2j(String input) {
        return pattern.matcher(input).find();
    }

    /** Whether {@link #find} has a fast path for this pattern. */
    boolean hasFastPath() {
        return fast != null;
    }

    /** The fast path, or null (for tests). */
    FastMatcher fastMatcher() {
        return fast;
    }

    /**
     * Finds the first match and returns its groups (index 0 = whole match; unset groups are null), or null when
     * there is no match.
     */
    public String[] findGroups(String input) {
        return findGroups(input, null);
    }

    /** {@link #findGroups(String)} after the signature check of {@link #find(String, long[])}. */
    public String[] findGroups(String input, long[] signature) {
        // Most values do not match: let the prefilter and the fast path say so, and pay for RE2/J's capturing
        // search only on a match.
        if (!mayMatch(signature) || (fast != null && !find(input))) {
            return null;
        }
        if (matchIsWholeInput && fast != null) {
            return new String[] {input};
        }
        int from = 0;
        MatchBounds b = fast == null ? null : matchBounds();
        long found = b == null ? MatchBounds.UNDECIDED : b.find(input);
        if (found >= 0) {
            if (groupIsWholeMatch || pattern.groupCount() == 0) {
                // the captures are the match: its bounds from two DFA scans, not from RE2/J's capturing search
                String match = input.substring(MatchBounds.start(found), MatchBounds.end(found));
                return groupIsWholeMatch ? new String[] {match, match} : new String[] {match};
            }
            // RE2/J's search starting where the match starts finds the same match, without the way there
            from = MatchBounds.start(found);
        }
        Matcher m = pattern.matcher(input);
        if (!(from == 0 ? m.find() : m.find(from))) {
            return null;
        }
        if (groupIsWholeMatch) {
            String match = m.group(); // from the search itself; group 1 would take a second run
            return new String[] {match, match};
        }
        return groups(m);
    }

    /** The groups of the match {@code m} found (index 0: the whole match; unset groups null). */
    private static String[] groups(Matcher m) {
        String[] groups = new String[m.groupCount() + 1];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = m.group(i);
        }
        return groups;
    }

    /** The match bounds of this pattern, built on first use, or null when it has none. */
    MatchBounds matchBounds() {
        if (!boundsBuilt) {
            RegexTree tree = tree(rewritten);
            bounds = tree == null ? null : MatchBounds.of(tree, MatchBounds.MEMORY_BUDGET);
            boundsBuilt = true;
        }
        return bounds;
    }

    /** RE2/J's match as {@code start << 32 | end}, or -1: the reference {@link MatchBounds} is tested against. */
    long boundsWithRe2j(String input) {
        Matcher m = pattern.matcher(input);
        return m.find() ? (long) m.start() << 32 | m.end() : -1;
    }

    /** {@link #findGroups} with RE2/J alone: the reference the bounds are tested against. */
    String[] findGroupsWithRe2j(String input) {
        Matcher m = pattern.matcher(input);
        return m.find() ? groups(m) : null;
    }

    /** A matcher for iterating over all matches (used by {@code @rxGlobal}). */
    public Matcher matcher(String input) {
        return pattern.matcher(input);
    }

    /** Number of capturing groups. */
    public int groupCount() {
        return pattern.groupCount();
    }

    @Override
    public String toString() {
        return source;
    }
}
