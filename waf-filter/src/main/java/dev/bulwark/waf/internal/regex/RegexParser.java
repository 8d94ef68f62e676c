package dev.bulwark.waf.internal.regex;

import dev.bulwark.waf.internal.regex.RegexTree.Alternation;
import dev.bulwark.waf.internal.regex.RegexTree.Anchor;
import dev.bulwark.waf.internal.regex.RegexTree.Assertion;
import dev.bulwark.waf.internal.regex.RegexTree.Chars;
import dev.bulwark.waf.internal.regex.RegexTree.Repeat;
import dev.bulwark.waf.internal.regex.RegexTree.Sequence;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Parses RE2 syntax, as RE2/J 1.8 reads it with {@code Pattern.DOTALL} (Perl mode: {@code ^}/{@code $} at the
 * ends of the input, {@code .} matches {@code \n}), into a {@link RegexTree} over chars 0..255.
 *
 * <p>It expects a pattern RE2/J has already accepted, and follows RE2/J's reading of the corner cases that change
 * what matches: a {@code {} that does not form a valid repeat is a literal, a quantifier after a flag group applies
 * to the item before it, {@code \1}..{@code \7} followed by an octal digit are octal escapes, {@code ]} first in a
 * class is a member, {@code -} is literal where it cannot form a range. Anything it does not model (Unicode classes
 * {@code \p}, case folding of chars above 255, anything unexpected) throws {@link UnsupportedPatternException}.
 *
 * <p>Example: {@code (?i)ab[^c-e]\b} gives Sequence[[Aa], [Bb], [^C-Ec-e], WORD_BOUNDARY].
 */
final class RegexParser {

    private static final ByteSet DIGITS = ByteSet.range('0', '9');
    /** ASCII word chars, {@code \w} (also what {@code \b} tests). */
    static final ByteSet WORD = DIGITS.union(ByteSet.range('A', 'Z')).union(ByteSet.range('a', 'z'))
            .union(ByteSet.of('_'));
    private static final ByteSet PERL_SPACE = ByteSet.range('\t', '\n').union(ByteSet.range('\f', '\r'))
            .union(ByteSet.of(' '));
    private static final ByteSet NOT_NEWLINE = ByteSet.of('\n').complement();

    /** RE2/J's POSIX classes, {@code [:name:]} (all ASCII). */
    private static final Map<String, ByteSet> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", DIGITS.union(ByteSet.range('A', 'Z')).union(ByteSet.range('a', 'z'))),
            Map.entry("alpha", ByteSet.range('A', 'Z').union(ByteSet.range('a', 'z'))),
            Map.entry("ascii", ByteSet.range(0, 0x7f)),
            Map.entry("blank", ByteSet.of('\t').union(ByteSet.of(' '))),
            Map.entry("cntrl", ByteSet.range(0, 0x1f).union(ByteSet.of(0x7f))),
            Map.entry("digit", DIGITS),
            Map.entry("graph", ByteSet.range('!', '~')),
            Map.entry("lower", ByteSet.range('a', 'z')),
            Map.entry("print", ByteSet.range(' ', '~')),
            Map.entry("punct", ByteSet.range('!', '/').union(ByteSet.range(':', '@')).union(ByteSet.range('[', '`'))
                    .union(ByteSet.range('{', '~'))),
            Map.entry("space", ByteSet.range('\t', '\r').union(ByteSet.of(' '))),
            Map.entry("upper", ByteSet.range('A', 'Z')),
            Map.entry("word", WORD),
            Map.entry("xdigit", DIGITS.union(ByteSet.range('A', 'F')).union(ByteSet.range('a', 'f'))));

    private static final int MAX_REPEAT = 1000;
    private static final int MAX_RUNE = 0x10FFFF;

    /** Flags in effect at some point of the pattern. */
    private record Flags(boolean foldCase, boolean dotMatchesNewline, boolean oneLine, boolean ungreedy) {}

    /** An open group: the alternatives finished so far, the sequence being built, and the flags to restore. */
    private static final class Group {
        final List<RegexTree> alternatives = new ArrayList<>();
        List<RegexTree> sequence = new ArrayList<>();
        final Flags flagsAtOpen;

        Group(Flags flagsAtOpen) {
            this.flagsAtOpen = flagsAtOpen;
        }
    }

    private final String pattern;
    private int pos;
    private Flags flags = new Flags(false, true, true, false);

    private RegexParser(String pattern) {
        this.pattern = pattern;
    }

    /** Parses {@code pattern} read with RE2/J's Perl flags plus DOTALL. */
    static RegexTree parse(String pattern) throws UnsupportedPatternException {
        return new RegexParser(pattern).parseAll();
    }

    private RegexTree parseAll() throws UnsupportedPatternException {
        Deque<Group> open = new ArrayDeque<>();
        Group group = new Group(flags);
        int n = pattern.length();
        while (pos < n) {
            int c = pattern.codePointAt(pos);
            switch (c) {
                case '(' -> {
                    if (pattern.startsWith("(?", pos)) {
                        Group opened = parseGroupSyntax();
                        if (opened != null) {
                            open.push(group);
                            group = opened;
                        }
                    } else {
                        pos++;
                        open.push(group);
                        group = new Group(flags);
                    }
                }
                case '|' -> {
                    pos++;
                    group.alternatives.add(sequence(group.sequence));
                    group.sequence = new ArrayList<>();
                }
                case ')' -> {
                    pos++;
                    if (open.isEmpty()) {
                        throw new UnsupportedPatternException("unbalanced )");
                    }
                    RegexTree closed = close(group);
                    flags = group.flagsAtOpen;
                    group = open.pop();
                    group.sequence.add(closed);
                }
                case '^' -> {
                    pos++;
                    group.sequence.add(new Assertion(flags.oneLine() ? Anchor.BEGIN_TEXT : Anchor.BEGIN_LINE));
                }
                case '$' -> {
                    pos++;
                    group.sequence.add(new Assertion(flags.oneLine() ? Anchor.END_TEXT : Anchor.END_LINE));
                }
                case '.' -> {
                    pos++;
                    group.sequence.add(new Chars(flags.dotMatchesNewline() ? ByteSet.ALL : NOT_NEWLINE));
                }
                case '[' -> group.sequence.add(new Chars(parseClass()));
                case '*' -> repeat(group, 0, Repeat.UNBOUNDED, 1);
                case '+' -> repeat(group, 1, Repeat.UNBOUNDED, 1);
                case '?' -> repeat(group, 0, 1, 1);
                case '{' -> {
                    int[] minMax = parseRepeatCounts();
                    if (minMax == null) {
                        pos++;
                        group.sequence.add(literal('{'));
                    } else {
                        repeat(group, minMax[0], minMax[1], 0);
                    }
                }
                case '\\' -> parseEscapeOutsideClass(group);
                default -> {
                    pos += Character.charCount(c);
                    group.sequence.add(literal(c));
                }
            }
        }
        if (!open.isEmpty()) {
            throw new UnsupportedPatternException("missing )");
        }
        return close(group);
    }

    private static RegexTree close(Group group) {
        group.alternatives.add(sequence(group.sequence));
        return group.alternatives.size() == 1 ? group.alternatives.get(0) : new Alternation(group.alternatives);
    }

    private static RegexTree sequence(List<RegexTree> items) {
        return items.size() == 1 ? items.get(0) : new Sequence(items);
    }

    /**
     * Applies a quantifier to the last item of the current sequence. {@code skip} is the length of the operator
     * still to consume ({@code {n,m}} is already consumed). A following {@code ?} makes it lazy, or greedy under
     * {@code (?U)}.
     */
    private void repeat(Group group, int min, int max, int skip) throws UnsupportedPatternException {
        pos += skip;
        boolean lazy = flags.ungreedy();
        if (pos < pattern.length() && pattern.charAt(pos) == '?') {
            pos++;
            lazy = !lazy;
        }
        List<RegexTree> seq = group.sequence;
        if (seq.isEmpty()) {
            throw new UnsupportedPatternException("missing argument to repetition operator");
        }
        seq.set(seq.size() - 1, new Repeat(seq.get(seq.size() - 1), min, max, lazy));
    }

    /**
     * Reads {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code pos} the way RE2/J does (no leading zeros, at most
     * 1000); returns {min, max} and advances, or returns null (and stays) when the text is a literal {@code {}.
     */
    private int[] parseRepeatCounts() throws UnsupportedPatternException {
        int start = pos;
        int i = pos + 1;
        int minEnd = digitsEnd(i);
        if (!validNumber(i, minEnd)) {
            return null;
        }
        int min = number(i, minEnd);
        i = minEnd;
        int max;
        if (i < pattern.length() && pattern.charAt(i) == ',') {
            i++;
            if (i < pattern.length() && pattern.charAt(i) == '}') {
                max = Repeat.UNBOUNDED;
            } else {
                int maxEnd = digitsEnd(i);
                if (!validNumber(i, maxEnd)) {
                    return null;
                }
                max = number(i, maxEnd);
                i = maxEnd;
            }
        } else {
            max = min;
        }
        if (i >= pattern.length() || pattern.charAt(i) != '}') {
            return null;
        }
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max != Repeat.UNBOUNDED && min > max)) {
            throw new UnsupportedPatternException("invalid repeat count at " + start);
        }
        pos = i + 1;
        return new int[] {min, max};
    }

    private int digitsEnd(int from) {
        int i = from;
        while (i < pattern.length() && pattern.charAt(i) >= '0' && pattern.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private boolean validNumber(int from, int end) {
        return end > from && !(end - from > 1 && pattern.charAt(from) == '0');
    }

    /** The value of digits {@code from..end}, saturated above the repeat limit (RE2/J rejects such counts). */
    private int number(int from, int end) {
        if (end - from > 8) {
            return Integer.MAX_VALUE;
        }
        return Integer.parseInt(pattern, from, end, 10);
    }

    /**
     * At {@code (?}: a named capture, a flag change {@code (?i)} or a non-capturing group with flags
     * {@code (?i:}. Returns the group opened, or null for a bare flag change.
     */
    private Group parseGroupSyntax() throws UnsupportedPatternException {
        if (pattern.startsWith("(?P<", pos) || pattern.startsWith("(?<", pos)) {
            int begin = pos + (pattern.charAt(pos + 2) == 'P' ? 4 : 3);
            int end = pattern.indexOf('>', begin);
            if (end <= begin) {
                throw new UnsupportedPatternException("invalid named capture");
            }
            for (int i = begin; i < end; i++) {
                char c = pattern.charAt(i);
                if (c != '_' && !isAsciiAlnum(c)) {
                    throw new UnsupportedPatternException("invalid named capture");
                }
            }
            pos = end + 1;
            return new Group(flags);
        }
        pos += 2;
        boolean fold = flags.foldCase();
        boolean dotNl = flags.dotMatchesNewline();
        boolean oneLine = flags.oneLine();
        boolean ungreedy = flags.ungreedy();
        boolean negated = false;
        boolean sawFlag = false;
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos++);
            switch (c) {
                case 'i' -> {
                    fold = !negated;
                    sawFlag = true;
                }
                case 'm' -> {
                    oneLine = negated;
                    sawFlag = true;
                }
                case 's' -> {
                    dotNl = !negated;
                    sawFlag = true;
                }
                case 'U' -> {
                    ungreedy = !negated;
                    sawFlag = true;
                }
                case '-' -> {
                    if (negated) {
                        throw new UnsupportedPatternException("invalid flags");
                    }
                    negated = true;
                    sawFlag = false;
                }
                case ':', ')' -> {
                    if (negated && !sawFlag) {
                        throw new UnsupportedPatternException("invalid flags");
                    }
                    Flags before = flags;
                    flags = new Flags(fold, dotNl, oneLine, ungreedy);
                    return c == ':' ? new Group(before) : null;
                }
                default -> throw new UnsupportedPatternException("unsupported group syntax");
            }
        }
        throw new UnsupportedPatternException("unterminated group syntax");
    }

    /** At a backslash outside a class: an assertion, {@code \Q...\E}, a Perl class or a single-char escape. */
    private void parseEscapeOutsideClass(Group group) throws UnsupportedPatternException {
        if (pos + 1 >= pattern.length()) {
            throw new UnsupportedPatternException("trailing backslash");
        }
        char e = pattern.charAt(pos + 1);
        switch (e) {
            case 'A' -> anchor(group, Anchor.BEGIN_TEXT);
            case 'z' -> anchor(group, Anchor.END_TEXT);
            case 'b' -> anchor(group, Anchor.WORD_BOUNDARY);
            case 'B' -> anchor(group, Anchor.NOT_WORD_BOUNDARY);
            case 'Q' -> {
                int start = pos + 2;
                int end = pattern.indexOf("\\E", start);
                int stop = end < 0 ? pattern.length() : end;
                for (int i = start; i < stop; ) {
                    int c = pattern.codePointAt(i);
                    group.sequence.add(literal(c));
                    i += Character.charCount(c);
                }
                pos = end < 0 ? pattern.length() : end + 2;
            }
            default -> {
                ByteSet perl = perlClass(e);
                if (perl != null) {
                    pos += 2;
                    group.sequence.add(new Chars(perl));
                } else if (e == 'p' || e == 'P' || e == 'C') {
                    throw new UnsupportedPatternException("unsupported escape \\" + e);
                } else {
                    group.sequence.add(literal(parseEscape()));
                }
            }
        }
    }

    private void anchor(Group group, Anchor anchor) {
        pos += 2;
        group.sequence.add(new Assertion(anchor));
    }

    /** {@code \d \D \s \S \w \W} (RE2: ASCII, {@code \s} = [\t\n\f\r ]), folded under (?i), or null. */
    private ByteSet perlClass(char e) {
        return switch (e) {
            case 'd' -> group(DIGITS, false);
            case 'D' -> group(DIGITS, true);
            case 's' -> group(PERL_SPACE, false);
            case 'S' -> group(PERL_SPACE, true);
            case 'w' -> group(WORD, false);
            case 'W' -> group(WORD, true);
            default -> null;
        };
    }

    /** A named group as RE2/J builds it: fold the positive set first, then negate. */
    private ByteSet group(ByteSet positive, boolean negated) {
        ByteSet set = flags.foldCase() ? positive.caseFolded() : positive;
        return negated ? set.complement() : set;
    }

    private Chars literal(int c) throws UnsupportedPatternException {
        if (!flags.foldCase()) {
            return new Chars(ByteSet.of(c));
        }
        if (CaseFolding.mayFoldIntoBytes(c, c)) {
            throw new UnsupportedPatternException("case folding above 255");
        }
        return new Chars(ByteSet.of(c).caseFolded());
    }

    /** At a backslash: a single-char escape, returning the char (RE2/J's {@code parseEscape}). */
    private int parseEscape() throws UnsupportedPatternException {
        pos++; // backslash
        if (pos >= pattern.length()) {
            throw new UnsupportedPatternException("trailing backslash");
        }
        int c = pattern.codePointAt(pos);
        pos += Character.charCount(c);
        switch (c) {
            case '1', '2', '3', '4', '5', '6', '7' -> {
                // a lone \1..\7 is a backreference (rejected); followed by an octal digit it is octal
                if (!isOctalAt(pos)) {
                    throw new UnsupportedPatternException("backreference");
                }
                return octal(c - '0');
            }
            case '0' -> {
                return octal(0);
            }
            case 'x' -> {
                return hexEscape();
            }
            case 'a' -> {
                return 7;
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'v' -> {
                return 0x0b;
            }
            default -> {
                if (c <= 0x7f && !isAsciiAlnum(c)) {
                    return c;
                }
                throw new UnsupportedPatternException("invalid escape");
            }
        }
    }

    /** Up to three octal digits in all, the first already read as {@code value}. */
    private int octal(int value) {
        for (int i = 1; i < 3 && isOctalAt(pos); i++) {
            value = value * 8 + pattern.charAt(pos) - '0';
            pos++;
        }
        return value;
    }

    private boolean isOctalAt(int i) {
        return i < pattern.length() && pattern.charAt(i) >= '0' && pattern.charAt(i) <= '7';
    }

    /** After {@code \x}: exactly two hex digits, or {@code {hex...}}. */
    private int hexEscape() throws UnsupportedPatternException {
        if (pos < pattern.length() && pattern.charAt(pos) == '{') {
            int value = 0;
            int digits = 0;
            pos++;
            while (true) {
                if (pos >= pattern.length()) {
                    throw new UnsupportedPatternException("invalid escape");
                }
                char c = pattern.charAt(pos++);
                if (c == '}') {
                    break;
                }
                int v = Character.digit(c, 16);
                if (v < 0 || c > 0x7f) {
                    throw new UnsupportedPatternException("invalid escape");
                }
                value = value * 16 + v;
                if (value > MAX_RUNE) {
                    throw new UnsupportedPatternException("invalid escape");
                }
                digits++;
            }
            if (digits == 0) {
                throw new UnsupportedPatternException("invalid escape");
            }
            return value;
        }
        if (pos + 2 > pattern.length()) {
            throw new UnsupportedPatternException("invalid escape");
        }
        int hi = hexDigit(pattern.charAt(pos));
        int lo = hexDigit(pattern.charAt(pos + 1));
        if (hi < 0 || lo < 0) {
            throw new UnsupportedPatternException("invalid escape");
        }
        pos += 2;
        return hi * 16 + lo;
    }

    private static int hexDigit(char c) {
        return c > 0x7f ? -1 : Character.digit(c, 16);
    }

    private static boolean isAsciiAlnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** At {@code [}: a class, as RE2/J's {@code parseClass} reads it. */
    private ByteSet parseClass() throws UnsupportedPatternException {
        int n = pattern.length();
        pos++; // '['
        boolean negated = false;
        if (pos < n && pattern.charAt(pos) == '^') {
            negated = true;
            pos++;
        }
        ByteSet set = ByteSet.EMPTY;
        boolean first = true;
        while (pos >= n || pattern.charAt(pos) != ']' || first) {
            if (pos >= n) {
                throw new UnsupportedPatternException("missing ]");
            }
            first = false;
            if (pattern.startsWith("[:", pos)) {
                int close = pattern.indexOf(":]", pos);
                if (close >= 0) {
                    set = set.union(posixClass(pattern.substring(pos + 2, close)));
                    pos = close + 2;
                    continue;
                }
            }
            if (pattern.startsWith("\\p", pos) || pattern.startsWith("\\P", pos)) {
                throw new UnsupportedPatternException("Unicode class");
            }
            if (pattern.charAt(pos) == '\\' && pos + 1 < n) {
                ByteSet perl = perlClass(pattern.charAt(pos + 1));
                if (perl != null) {
                    set = set.union(perl);
                    pos += 2;
                    continue;
                }
            }
            int lo = classChar();
            int hi = lo;
            if (pos < n && pattern.charAt(pos) == '-') {
                pos++;
                if (pos < n && pattern.charAt(pos) == ']') {
                    pos--; // [a-] means a or -: the '-' is read as a member next
                } else {
                    hi = classChar();
                    if (hi < lo) {
                        throw new UnsupportedPatternException("invalid class range");
                    }
                }
            }
            set = set.union(classRange(lo, hi));
        }
        pos++; // ']'
        return negated ? set.complement() : set;
    }

    private int classChar() throws UnsupportedPatternException {
        if (pattern.charAt(pos) == '\\') {
            return parseEscape();
        }
        int c = pattern.codePointAt(pos);
        pos += Character.charCount(c);
        return c;
    }

    private ByteSet classRange(int lo, int hi) throws UnsupportedPatternException {
        if (!flags.foldCase()) {
            return ByteSet.range(lo, hi);
        }
        if (CaseFolding.mayFoldIntoBytes(lo, hi)) {
            throw new UnsupportedPatternException("case folding above 255");
        }
        return ByteSet.range(lo, hi).caseFolded();
    }

    private ByteSet posixClass(String name) throws UnsupportedPatternException {
        boolean negated = name.startsWith("^");
        ByteSet positive = POSIX_CLASSES.get(negated ? name.substring(1) : name);
        if (positive == null) {
            throw new UnsupportedPatternException("unknown POSIX class " + name);
        }
        return group(positive, negated);
    }
}
