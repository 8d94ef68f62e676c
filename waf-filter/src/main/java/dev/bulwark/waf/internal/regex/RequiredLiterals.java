package dev.bulwark.waf.internal.regex;

import java.util.HashSet;
import java.util.Set;

/**
 * Strings one of which every match of a pattern contains, ASCII case folded: a necessary condition that one scan of a
 * value can test for many patterns at once (a multi-pattern automaton over all patterns' strings), where the
 * signature formulas of {@link Prefilter} are tested pattern by pattern. Not used by the engine yet; see
 * {@code src/site/markdown/development-status.md} for what it is meant for and what was measured.
 *
 * <p>Derived from the parse tree, bottom up. Each node gets the set of all strings it can match when that set is
 * small ({@value #MAX_EXACT} strings at most), and a required set when it has one:
 * <ul>
 *   <li>a char class of at most {@value #MAX_CLASS} bytes: those bytes;</li>
 *   <li>a sequence: the best of its items' required sets and of the exact sets of its runs of items with exact
 *       sets (their products: {@code union} from five one-char classes);</li>
 *   <li>an alternation: the union of its alternatives' required sets, when every alternative has one;</li>
 *   <li>a repeat of at least one: its item's required set (or, for a fixed count of an item with an exact set, the
 *       product, when better);</li>
 *   <li>an assertion, and a repeat that may be empty, require nothing.</li>
 * </ul>
 * "Best" prefers longer shortest strings, then fewer strings. A set holding the empty string requires nothing.
 */
final class RequiredLiterals {

    /** Exact sets larger than this are dropped (the products would grow without bound). */
    static final int MAX_EXACT = 64;
    /** Char classes larger than this give no required set. */
    static final int MAX_CLASS = 8;
    /** Required sets larger than this are dropped. */
    static final int MAX_REQUIRED = 1024;

    private RequiredLiterals() {}

    /** The node's exact strings (null: too many or unbounded) and required strings (null: none). */
    private record Info(Set<String> exact, Set<String> required) {}

    private static final Set<String> EMPTY_STRING = Set.of("");

    /**
     * Strings one of which, ASCII case folded, every match of {@code tree} contains; null when the pattern
     * requires none. {@code tree} must be the tree of the pattern as the engine compiles it (after
     * {@link PcreCompatibility#rewrite}).
     */
    static Set<String> of(RegexTree tree) {
        Set<String> required = info(tree).required;
        return usable(required) ? Set.copyOf(required) : null;
    }

    /**
     * Whether {@code value}, ASCII case folded, contains one of {@code literals}; true as well when it is not a byte
     * string (chars above 255 are left to RE2/J, as for signatures) or when {@code literals} is null.
     */
    static boolean foundIn(Set<String> literals, String value) {
        if (literals == null) {
            return true;
        }
        StringBuilder folded = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return true;
            }
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        String text = folded.toString();
        for (String literal : literals) {
            if (text.contains(literal)) {
                return true;
            }
        }
        return false;
    }

    private static Info info(RegexTree tree) {
        if (tree instanceof RegexTree.Chars chars) {
            Set<String> bytes = new HashSet<>();
            for (int b = 0; b < 256; b++) {
                if (chars.set().contains(b)) {
                    bytes.add(String.valueOf((char) (b >= 'A' && b <= 'Z' ? b + 32 : b)));
                    if (bytes.size() > MAX_CLASS) {
                        return new Info(null, null);
                    }
                }
            }
            return new Info(bytes, bytes);
        }
        if (tree instanceof RegexTree.Assertion) {
            return new Info(EMPTY_STRING, null);
        }
        if (tree instanceof RegexTree.Alternation alternation) {
            Set<String> exact = new HashSet<>();
            Set<String> required = new HashSet<>();
            for (RegexTree alternative : alternation.alternatives()) {
                Info i = info(alternative);
                exact = i.exact == null || exact == null ? null : union(exact, i.exact, MAX_EXACT);
                required = i.required == null || required == null ? null : union(required, i.required, MAX_REQUIRED);
            }
            return new Info(exact, required);
        }
        if (tree instanceof RegexTree.Repeat repeat) {
            Info item = info(repeat.item());
            if (repeat.min() == 0) {
                boolean optional = repeat.max() == 1 && item.exact != null;
                return new Info(optional ? union(item.exact, EMPTY_STRING, MAX_EXACT) : null, null);
            }
            Set<String> exact = null;
            if (repeat.min() == repeat.max() && item.exact != null) {
                exact = EMPTY_STRING;
                for (int k = 0; k < repeat.min() && exact != null; k++) {
                    exact = product(exact, item.exact);
                }
            }
            Set<String> required = better(item.required, exact);
            return new Info(exact, usable(required) ? required : null);
        }
        RegexTree.Sequence sequence = (RegexTree.Sequence) tree;
        Set<String> whole = EMPTY_STRING; // exact strings of the whole sequence, while they stay few
        Set<String> run = EMPTY_STRING; // exact strings of the current run of items with exact sets
        Set<String> best = null;
        for (RegexTree item : sequence.items()) {
            Info i = info(item);
            best = better(best, i.required);
            whole = product(whole, i.exact);
            if (i.exact == null) {
                best = better(best, run);
                run = EMPTY_STRING;
            } else {
                Set<String> longer = product(run, i.exact);
                if (longer == null) { // too many: the run so far is a candidate, the item starts a new one
                    best = better(best, run);
                    run = i.exact;
                } else {
                    run = longer;
                }
            }
        }
        best = better(better(best, run), whole);
        return new Info(whole, usable(best) ? best : null);
    }

    /** Whether the set requires something: not null, not empty, no empty string in it. */
    private static boolean usable(Set<String> s) {
        return s != null && !s.isEmpty() && !s.contains("");
    }

    /** The more selective of two required sets (longer shortest string, then fewer strings); null when neither. */
    private static Set<String> better(Set<String> a, Set<String> b) {
        if (!usable(b)) {
            return usable(a) ? a : null;
        }
        if (!usable(a)) {
            return b;
        }
        int lengthA = Math.min(4, shortest(a));
        int lengthB = Math.min(4, shortest(b));
        if (lengthA != lengthB) {
            return lengthA > lengthB ? a : b;
        }
        return a.size() <= b.size() ? a : b;
    }

    private static int shortest(Set<String> s) {
        int min = Integer.MAX_VALUE;
        for (String x : s) {
            min = Math.min(min, x.length());
        }
        return min;
    }

    /** Every string of {@code a} followed by every string of {@code b}; null when either is null or too many. */
    private static Set<String> product(Set<String> a, Set<String> b) {
        if (a == null || b == null || (long) a.size() * b.size() > MAX_EXACT) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b, int max) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out.size() > max ? null : out;
    }
}
