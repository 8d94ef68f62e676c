package dev.bulwark.waf.internal.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One scan of a value for the {@link RequiredLiterals} of many patterns at once (Aho-Corasick over all their strings,
 * ASCII case folded): the patterns the value may match, as a bit set, whatever their number. A pattern without
 * required literals is always a candidate. Immutable and thread-safe once built. Not used by the engine yet; see
 * {@code src/site/markdown/development-status.md}.
 *
 * <p>The automaton reads byte classes (bytes no literal tells apart share one), and each state's transitions are
 * complete, so a scan is one table load per byte plus an OR of the patterns of each state that ends a literal.
 */
public final class LiteralScanner {

    private final int patterns;
    private final int words;
    /** The patterns that are candidates for every value. */
    private final long[] always;
    /** Byte (ASCII case folded) to column. */
    private final int[] classOf = new int[256];
    private final int columns;
    /** Per state and column, the next state. */
    private final int[] next;
    /** Per state, {@link #words} longs: the patterns one of whose literals ends here (fail chain included). */
    private final long[] ends;
    /** Per state, whether {@link #ends} has a bit set. */
    private final boolean[] endsAny;

    /** A scanner for {@code literalSets.get(p)}, the required literals of pattern {@code p} (null: none). */
    public LiteralScanner(List<Set<String>> literalSets) {
        patterns = literalSets.size();
        words = Math.max(1, (patterns + 63) >>> 6);
        always = new long[words];
        // columns: one per byte that occurs in a literal, one for every other byte
        boolean[] used = new boolean[256];
        for (Set<String> set : literalSets) {
            if (set != null) {
                for (String literal : set) {
                    for (int i = 0; i < literal.length(); i++) {
                        used[fold(literal.charAt(i))] = true;
                    }
                }
            }
        }
        int count = 1;
        for (int b = 0; b < 256; b++) {
            classOf[b] = used[b] ? count++ : 0; // used marks folded bytes: capitals take their letters' below
        }
        for (int b = 'A'; b <= 'Z'; b++) {
            classOf[b] = classOf[b + 32];
        }
        columns = count;

        // the trie, with -1 for a missing edge
        List<int[]> edges = new ArrayList<>();
        List<long[]> marks = new ArrayList<>();
        edges.add(newRow());
        marks.add(new long[words]);
        for (int p = 0; p < patterns; p++) {
            Set<String> set = literalSets.get(p);
            if (set == null) {
                always[p >>> 6] |= 1L << p;
                continue;
            }
            for (String literal : set) {
                int state = 0;
                for (int i = 0; i < literal.length(); i++) {
                    int column = classOf[fold(literal.charAt(i))];
                    if (edges.get(state)[column] < 0) {
                        edges.get(state)[column] = edges.size();
                        edges.add(newRow());
                        marks.add(new long[words]);
                    }
                    state = edges.get(state)[column];
                }
                marks.get(state)[p >>> 6] |= 1L << p;
            }
        }
        // failure links, breadth first; every missing edge becomes the failure state's edge
        int states = edges.size();
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] root = edges.get(0);
        for (int c = 0; c < columns; c++) {
            if (root[c] < 0) {
                root[c] = 0;
            } else {
                queue.add(root[c]);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int[] row = edges.get(s);
            for (int c = 0; c < columns; c++) {
                int t = row[c];
                if (t < 0) {
                    row[c] = edges.get(fail[s])[c];
                } else {
                    fail[t] = edges.get(fail[s])[c];
                    long[] m = marks.get(t);
                    long[] inherited = marks.get(fail[t]); // complete already: fail[t] is nearer the root
                    for (int w = 0; w < words; w++) {
                        m[w] |= inherited[w];
                    }
                    queue.add(t);
                }
            }
        }
        next = new int[states * columns];
        ends = new long[states * words];
        endsAny = new boolean[states];
        for (int s = 0; s < states; s++) {
            System.arraycopy(edges.get(s), 0, next, s * columns, columns);
            long[] m = marks.get(s);
            for (int w = 0; w < words; w++) {
                ends[s * words + w] = m[w];
                endsAny[s] |= m[w] != 0;
            }
        }
    }

    /**
     * A scanner for patterns as written in rules (before {@link PcreCompatibility#rewrite}); a pattern the fast path
     * cannot parse gets no literals, so it is always a candidate.
     */
    public static LiteralScanner forPatterns(List<String> patterns) {
        List<Set<String>> sets = new ArrayList<>();
        for (String pattern : patterns) {
            Set<String> literals;
            try {
                literals = RequiredLiterals.of(RegexParser.parse(PcreCompatibility.rewrite(pattern)));
            } catch (UnsupportedPatternException e) {
                literals = null;
            }
            sets.add(literals);
        }
        return new LiteralScanner(sets);
    }

    private int[] newRow() {
        int[] row = new int[columns];
        Arrays.fill(row, -1);
        return row;
    }

    private static int fold(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** How many patterns the scanner was built for. */
    public int patterns() {
        return patterns;
    }

    /** How many automaton states it has (its table holds states × columns ints). */
    public int states() {
        return endsAny.length;
    }

    /**
     * ORs into {@code candidates} (at least {@code (patterns() + 63) / 64} longs) the patterns {@code value} may
     * match: those one of whose literals it contains, and those without literals. A value that is not a byte string
     * makes every pattern a candidate.
     */
    public void candidates(String value, long[] candidates) {
        for (int w = 0; w < words; w++) {
            candidates[w] |= always[w];
        }
        int state = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                for (int p = 0; p < patterns; p++) {
                    candidates[p >>> 6] |= 1L << p;
                }
                return;
            }
            state = next[state * columns + classOf[c]];
            if (endsAny[state]) {
                int at = state * words;
                for (int w = 0; w < words; w++) {
                    candidates[w] |= ends[at + w];
                }
            }
        }
    }
}
