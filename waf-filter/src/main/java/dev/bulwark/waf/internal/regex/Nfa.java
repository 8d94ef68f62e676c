package dev.bulwark.waf.internal.regex;

import dev.bulwark.waf.internal.regex.RegexTree.Alternation;
import dev.bulwark.waf.internal.regex.RegexTree.Anchor;
import dev.bulwark.waf.internal.regex.RegexTree.Assertion;
import dev.bulwark.waf.internal.regex.RegexTree.Chars;
import dev.bulwark.waf.internal.regex.RegexTree.Repeat;
import dev.bulwark.waf.internal.regex.RegexTree.Sequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Thompson NFA built from a {@link RegexTree}: numbered instructions, each a char test, a fork, an empty-width
 * assertion or the final match. Counted repeats are expanded ({@code x{2,4}} = {@code xx(x(x)?)?}). A fork's first
 * branch ({@link #next}) is the one leftmost-first matching prefers: the earlier alternative, another repetition of
 * a greedy repeat, leaving a lazy one. Immutable.
 *
 * <p>Example: {@code a|b*} compiles to {@code 0: fork 1 2; 1: [a] -> 4; 2: fork 3 4; 3: [b] -> 2; 4: match}.
 */
final class Nfa {

    static final int CHARS = 0;
    static final int FORK = 1;
    static final int ASSERT = 2;
    static final int MATCH = 3;

    /** Programs above this many instructions are left to RE2/J (expanded repeats can grow without bound). */
    static final int MAX_INSTRUCTIONS = 100_000;

    private final int[] kind;
    private final int[] next;
    /** FORK: the second branch; ASSERT: the {@link Anchor} ordinal. */
    private final int[] arg;
    /** CHARS: the chars accepted; null for the other kinds. */
    private final ByteSet[] chars;
    private final int start;

    private Nfa(int[] kind, int[] next, int[] arg, ByteSet[] chars, int start) {
        this.kind = kind;
        this.next = next;
        this.arg = arg;
        this.chars = chars;
        this.start = start;
    }

    static Nfa compile(RegexTree tree) throws UnsupportedPatternException {
        return compile(tree, false);
    }

    /**
     * With {@code searching}, the program starts with a lazy {@code .*?} loop, so that it finds matches starting
     * anywhere and prefers those starting first: the program of a leftmost-first search ({@link OrderedDfa}).
     */
    static Nfa compile(RegexTree tree, boolean searching) throws UnsupportedPatternException {
        if (expandedSize(tree) > MAX_INSTRUCTIONS) {
            throw new UnsupportedPatternException("program too large");
        }
        Builder b = new Builder();
        int match = b.add(MATCH, -1, 0, null);
        int start = b.emit(tree, match);
        if (searching) {
            int loop = b.add(FORK, start, -1, null);
            int any = b.add(CHARS, loop, 0, ByteSet.ALL); // (adding may grow the arrays: not inline below)
            b.arg[loop] = any;
            start = loop;
        }
        return new Nfa(Arrays.copyOf(b.kind, b.size), Arrays.copyOf(b.next, b.size), Arrays.copyOf(b.arg, b.size),
                Arrays.copyOf(b.chars, b.size), start);
    }

    /** An upper bound of the instructions {@code tree} compiles to, saturating instead of overflowing. */
    private static long expandedSize(RegexTree tree) {
        long size;
        if (tree instanceof Chars || tree instanceof Assertion) {
            size = 1;
        } else if (tree instanceof Sequence s) {
            size = 0;
            for (RegexTree item : s.items()) {
                size += expandedSize(item);
            }
        } else if (tree instanceof Alternation a) {
            size = a.alternatives().size();
            for (RegexTree alt : a.alternatives()) {
                size += expandedSize(alt);
            }
        } else {
            Repeat r = (Repeat) tree;
            long copies = Math.max(r.min(), r.max()) + 1L;
            size = copies * (expandedSize(r.item()) + 1);
        }
        return Math.min(size, Integer.MAX_VALUE);
    }

    int size() {
        return kind.length;
    }

    int start() {
        return start;
    }

    int kind(int pc) {
        return kind[pc];
    }

    int next(int pc) {
        return next[pc];
    }

    /** The second branch of a FORK. */
    int alternative(int pc) {
        return arg[pc];
    }

    Anchor anchor(int pc) {
        return Anchor.values()[arg[pc]];
    }

    ByteSet chars(int pc) {
        return chars[pc];
    }

    boolean uses(Anchor anchor) {
        for (int pc = 0; pc < kind.length; pc++) {
            if (kind[pc] == ASSERT && arg[pc] == anchor.ordinal()) {
                return true;
            }
        }
        return false;
    }

    /** The distinct char sets tested by the program (a new, modifiable list). */
    List<ByteSet> distinctCharSets() {
        List<ByteSet> sets = new ArrayList<>();
        Set<ByteSet> seen = new HashSet<>();
        for (ByteSet s : chars) {
            if (s != null && seen.add(s)) {
                sets.add(s);
            }
        }
        return sets;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("start " + start + "\n");
        for (int pc = 0; pc < kind.length; pc++) {
            sb.append(pc).append(": ");
            switch (kind[pc]) {
                case CHARS -> sb.append(chars[pc]).append(" -> ").append(next[pc]);
                case FORK -> sb.append("fork ").append(next[pc]).append(' ').append(arg[pc]);
                case ASSERT -> sb.append(anchor(pc)).append(" -> ").append(next[pc]);
                default -> sb.append("match");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Emits instructions back to front: each tree is compiled given the entry of what follows it. */
    private static final class Builder {
        int[] kind = new int[64];
        int[] next = new int[64];
        int[] arg = new int[64];
        ByteSet[] chars = new ByteSet[64];
        int size;

        int add(int k, int nextPc, int argument, ByteSet set) {
            if (size == kind.length) {
                int cap = size * 2;
                kind = Arrays.copyOf(kind, cap);
                next = Arrays.copyOf(next, cap);
                arg = Arrays.copyOf(arg, cap);
                chars = Arrays.copyOf(chars, cap);
            }
            kind[size] = k;
            next[size] = nextPc;
            arg[size] = argument;
            chars[size] = set;
            return size++;
        }

        /** Compiles {@code tree} so that it continues at {@code follow}; returns its entry. */
        int emit(RegexTree tree, int follow) {
            if (tree instanceof Chars c) {
                return add(CHARS, follow, 0, c.set());
            }
            if (tree instanceof Assertion a) {
                return add(ASSERT, follow, a.anchor().ordinal(), null);
            }
            if (tree instanceof Sequence s) {
                int entry = follow;
                for (int i = s.items().size() - 1; i >= 0; i--) {
                    entry = emit(s.items().get(i), entry);
                }
                return entry;
            }
            if (tree instanceof Alternation a) {
                List<RegexTree> alts = a.alternatives();
                int entry = emit(alts.get(alts.size() - 1), follow);
                for (int i = alts.size() - 2; i >= 0; i--) {
                    entry = add(FORK, emit(alts.get(i), follow), entry, null);
                }
                return entry;
            }
            Repeat r = (Repeat) tree;
            int entry;
            if (r.max() == Repeat.UNBOUNDED) {
                // x{n,} = x^(n-1) x+  (x* when n = 0)
                int loop = add(FORK, -1, -1, null);
                int body = emit(r.item(), loop);
                prefer(loop, body, follow, r.lazy());
                entry = r.min() == 0 ? loop : body;
                for (int i = 1; i < r.min(); i++) {
                    entry = emit(r.item(), entry);
                }
            } else {
                // x{n,m} = x^n then (m-n) nested optional copies: (x(x...)?)?
                entry = follow;
                for (int i = 0; i < r.max() - r.min(); i++) {
                    int fork = add(FORK, -1, -1, null);
                    prefer(fork, emit(r.item(), entry), follow, r.lazy());
                    entry = fork;
                }
                for (int i = 0; i < r.min(); i++) {
                    entry = emit(r.item(), entry);
                }
            }
            return entry;
        }

        /** Makes {@code fork} choose between another repetition and leaving, in the repeat's order of preference. */
        private void prefer(int fork, int repeat, int leave, boolean lazy) {
            next[fork] = lazy ? leave : repeat;
            arg[fork] = lazy ? repeat : leave;
        }
    }
}
