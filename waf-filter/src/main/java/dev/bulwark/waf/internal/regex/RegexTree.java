package dev.bulwark.waf.internal.regex;

import java.util.List;

/**
 * The parse tree of a pattern, reduced to what decides whether and where it matches: captures, group names and
 * flags are gone; every char test is a {@link ByteSet} over chars 0..255 with case folding already applied. The
 * order of alternatives and the greediness of repeats stay, since they choose among matches ({@link MatchBounds}).
 */
sealed interface RegexTree {

    /** One char from {@code set}. */
    record Chars(ByteSet set) implements RegexTree {}

    /** An empty-width assertion. */
    record Assertion(Anchor anchor) implements RegexTree {}

    /** The items in sequence; the empty sequence matches the empty string. */
    record Sequence(List<RegexTree> items) implements RegexTree {}

    /** Any one of the alternatives. */
    record Alternation(List<RegexTree> alternatives) implements RegexTree {}

    /**
     * {@code min} to {@code max} repetitions of {@code item}; {@code max} is {@link #UNBOUNDED} for no limit. A lazy
     * repeat ({@code x*?}) prefers fewer repetitions, a greedy one more.
     */
    record Repeat(RegexTree item, int min, int max, boolean lazy) implements RegexTree {
        static final int UNBOUNDED = -1;

        Repeat(RegexTree item, int min, int max) {
            this(item, min, max, false);
        }
    }

    /** The empty-width assertions of RE2 syntax, named after what they test at a position between two chars. */
    enum Anchor {
        /** {@code \A}, and {@code ^} without {@code (?m)}: the start of the input. */
        BEGIN_TEXT,
        /** {@code ^} under {@code (?m)}: the start of the input or just after a {@code \n}. */
        BEGIN_LINE,
        /** {@code \z}, and {@code $} without {@code (?m)}: the end of the input (RE2: no "before a final \n"). */
        END_TEXT,
        /** {@code $} under {@code (?m)}: the end of the input or just before a {@code \n}. */
        END_LINE,
        /** {@code \b}: exactly one of the chars around the position is an ASCII word char. */
        WORD_BOUNDARY,
        /** {@code \B}: both or neither of the chars around the position are ASCII word chars. */
        NOT_WORD_BOUNDARY;

        /** Whether the assertion depends on the char after the position (or on being at the end). */
        boolean looksAhead() {
            return this != BEGIN_TEXT && this != BEGIN_LINE;
        }
    }
}
