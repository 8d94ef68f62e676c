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
 * patterns have one); captures ({@link #findGroups}, {@link #matcher}) always use RE2/J.
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

    private Regex(String source, Pattern pattern, FastMatcher fast, Prefilter prefilter, boolean matchIsWholeInput) {
        this.source = source;
        this.pattern = pattern;
        this.fast = fast;
        this.prefilter = prefilter;
        this.matchIsWholeInput = matchIsWholeInput;
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
                tree != null && pattern.groupCount() == 0 && anchoredAtBothEnds(tree));
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
        return Prefilter.signature(value);
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
        return Prefilter.union(signatures, count);
    }

    /**
     * Whether a value with this signature (or one of the values of a {@link #unionSignature}) may match; always
     * true without a prefilter or signature.
     */
    public boolean mayMatch(long[] signature) {
        return prefilter == null || signature == null || prefilter.mayMatch(signature);
    }

    /** Whether the pattern has a prefilter (for tests). */
    boolean hasPrefilter() {
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
        Matcher m = pattern.matcher(input);
        if (!m.find()) {
            return null;
        }
        String[] groups = new String[m.groupCount() + 1];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = m.group(i);
        }
        return groups;
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
