package dev.bulwark.waf.internal.regex;

import dev.bulwark.waf.internal.regex.RegexTree.Alternation;
import dev.bulwark.waf.internal.regex.RegexTree.Anchor;
import dev.bulwark.waf.internal.regex.RegexTree.Assertion;
import dev.bulwark.waf.internal.regex.RegexTree.Chars;
import dev.bulwark.waf.internal.regex.RegexTree.Repeat;
import dev.bulwark.waf.internal.regex.RegexTree.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the match RE2/J's search finds lies ({@code group(0)}, leftmost-first), worked out at DFA speed, as RE2
 * does: a forward scan with the pattern behind a lazy {@code .*?}, in priority order, finds where that match ends;
 * a backward scan of the reversed pattern from there, taking the longest match, finds where it starts (the
 * leftmost start of any match ending there, which is the leftmost start of all).
 *
 * <p>It serves capturing rules whose captures are the match itself (no group, or one group around the whole
 * pattern: CRS 942430-942432 count special chars over whole values, where RE2/J's capturing search costs far more
 * than the scans). Patterns where a repeated item can match the empty string are left to RE2/J: how the empty
 * iteration is ranked is a corner RE2 settles by its own rules. Thread-safe.
 *
 * <p>Example: {@code a+?b|a} in {@code "xaab"} is at [1, 4).
 */
final class MatchBounds {

    /** {@link #find}: no match. */
    static final long NO_MATCH = -1;
    /** {@link #find}: RE2/J must decide (a char above 255, or a scan that thrashes). */
    static final long UNDECIDED = -2;

    /**
     * State memory per scan direction and pattern. A quarter of the match-or-not DFA's: the scans run only on
     * values that matched, and a search that does not fit is left to RE2/J, which answers the same.
     */
    static final long MEMORY_BUDGET = FastMatcher.DEFAULT_MEMORY_BUDGET / 4;

    private final OrderedDfa forward;
    private final OrderedDfa backward;

    private MatchBounds(OrderedDfa forward, OrderedDfa backward) {
        this.forward = forward;
        this.backward = backward;
    }

    /** Bounds for the pattern parsed as {@code tree}, or null when they are left to RE2/J (see the class comment). */
    static MatchBounds of(RegexTree tree, long memoryBudget) {
        if (hasEmptyIteration(tree)) {
            return null;
        }
        try {
            return new MatchBounds(new OrderedDfa(Nfa.compile(tree, true), OrderedDfa.Mode.FIRST, memoryBudget),
                    new OrderedDfa(Nfa.compile(reversed(tree)), OrderedDfa.Mode.LONGEST, memoryBudget));
        } catch (UnsupportedPatternException | StackOverflowError e) {
            return null;
        }
    }

    /**
     * The match as {@code start << 32 | end} (chars of {@code input}), {@link #NO_MATCH} or {@link #UNDECIDED}.
     */
    long find(String input) {
        int end = forward.scanForward(input);
        if (end < 0) {
            return end == OrderedDfa.NO_MATCH ? NO_MATCH : UNDECIDED;
        }
        int start = backward.scanBackward(input, end);
        if (start < 0) {
            // the forward scan found a match ending here, so the reversed pattern matches back from it
            return UNDECIDED;
        }
        return (long) start << 32 | end;
    }

    /** Cache resets of the two scans' DFAs so far (for tests). */
    long cacheResets() {
        return forward.cacheResets() + backward.cacheResets();
    }

    static int start(long bounds) {
        return (int) (bounds >>> 32);
    }

    static int end(long bounds) {
        return (int) bounds;
    }

    /** The pattern read right to left: sequences reversed, and the assertions about each end swapped. */
    static RegexTree reversed(RegexTree tree) {
        if (tree instanceof Sequence s) {
            List<RegexTree> items = new ArrayList<>(s.items().size());
            for (int i = s.items().size() - 1; i >= 0; i--) {
                items.add(reversed(s.items().get(i)));
            }
            return new Sequence(items);
        }
        if (tree instanceof Alternation a) {
            List<RegexTree> alternatives = new ArrayList<>(a.alternatives().size());
            for (RegexTree alternative : a.alternatives()) {
                alternatives.add(reversed(alternative));
            }
            return new Alternation(alternatives);
        }
        if (tree instanceof Repeat r) {
            return new Repeat(reversed(r.item()), r.min(), r.max(), r.lazy());
        }
        if (tree instanceof Assertion a) {
            return new Assertion(switch (a.anchor()) {
                case BEGIN_TEXT -> Anchor.END_TEXT;
                case END_TEXT -> Anchor.BEGIN_TEXT;
                case BEGIN_LINE -> Anchor.END_LINE;
                case END_LINE -> Anchor.BEGIN_LINE;
                default -> a.anchor(); // \b and \B look both ways alike
            });
        }
        return tree;
    }

    /** Whether some repeat's item can match the empty string ({@code (a*)*}, {@code (|x)+}, {@code (\b)?}). */
    static boolean hasEmptyIteration(RegexTree tree) {
        if (tree instanceof Sequence s) {
            return s.items().stream().anyMatch(MatchBounds::hasEmptyIteration);
        }
        if (tree instanceof Alternation a) {
            return a.alternatives().stream().anyMatch(MatchBounds::hasEmptyIteration);
        }
        if (tree instanceof Repeat r) {
            return canBeEmpty(r.item()) || hasEmptyIteration(r.item());
        }
        return false;
    }

    private static boolean canBeEmpty(RegexTree tree) {
        if (tree instanceof Chars) {
            return false;
        }
        if (tree instanceof Assertion) {
            return true;
        }
        if (tree instanceof Sequence s) {
            return s.items().stream().allMatch(MatchBounds::canBeEmpty);
        }
        if (tree instanceof Alternation a) {
            return a.alternatives().stream().anyMatch(MatchBounds::canBeEmpty);
        }
        Repeat r = (Repeat) tree;
        return r.min() == 0 || canBeEmpty(r.item());
    }
}
