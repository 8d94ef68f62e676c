package dev.bulwark.waf.internal.operators;

import dev.bulwark.waf.internal.regex.PhraseFilter;
import dev.bulwark.waf.internal.regex.SignatureFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * An Aho-Corasick automaton over bytes that finds the first occurrence of any of a set of phrases, ignoring ASCII case
 * (like C {@code tolower}; bytes above 0x7F compare exactly). Built once, then immutable and shared by all threads;
 * {@link #find} allocates nothing.
 *
 * <p>Layout: the shallow states (the root and those up to {@link #DENSE_DEPTH} bytes deep, at most
 * {@link #MAX_DENSE_ROWS} of them) have a dense row of 256 complete transitions, failure links already resolved: they
 * are where almost all the time goes, since most bytes of a value start no phrase or only a short prefix of one. Deeper
 * states keep their children in one flat sorted array and fall back along failure links, which keeps memory linear in
 * the total phrase length (the CRS {@code php-errors.data} builds about 45,000 states).
 */
final class PhraseMatcher {

    private static final int ROOT = 0;
    private static final int NONE = -1;
    static final int DENSE_DEPTH = 2;
    static final int MAX_DENSE_ROWS = 256;

    /** The phrases as written (first spelling wins for phrases equal up to case). */
    private final String[] phrases;
    /** Per state, its row in {@link #dense}, or NONE. The root always has row 0. */
    private final int[] denseRow;
    /** Complete transitions of the dense states: {@code dense[row * 256 + byte]}. */
    private final int[] dense;
    /** Children of state s: indexes childStart[s] (inclusive) to childStart[s + 1] (exclusive). */
    private final int[] childStart;
    private final char[] childByte;
    private final int[] childState;
    private final int[] fail;
    /** The longest phrase ending at each state (itself or a suffix), or NONE. */
    private final int[] output;
    private final int shortest;
    /** A necessary condition on a value's signature for a phrase to occur in it; null when there is none. */
    private final SignatureFilter filter;

    private PhraseMatcher(String[] phrases, int[] childStart, char[] childByte, int[] childState, int[] fail,
            int[] output, int shortest, int[] breadthFirst, int[] depth) {
        this.phrases = phrases;
        this.childStart = childStart;
        this.childByte = childByte;
        this.childState = childState;
        this.fail = fail;
        this.output = output;
        this.shortest = shortest;
        this.filter = PhraseFilter.of(Arrays.asList(phrases));
        this.denseRow = new int[fail.length];
        Arrays.fill(denseRow, NONE);
        int rows = 0;
        for (int state : breadthFirst) {
            if (depth[state] > DENSE_DEPTH || rows == MAX_DENSE_ROWS) {
                break;
            }
            denseRow[state] = rows++;
        }
        this.dense = new int[rows * 256];
        // breadth first, so the row of a failure state (shallower) is complete before it is copied from
        for (int state : breadthFirst) {
            int row = denseRow[state];
            if (row == NONE) {
                break;
            }
            for (int b = 0; b < 256; b++) {
                int child = child(state, (char) b);
                if (child != NONE) {
                    dense[row * 256 + b] = child;
                } else {
                    dense[row * 256 + b] = state == ROOT ? ROOT : dense[denseRow[fail[state]] * 256 + b];
                }
            }
        }
    }

    /**
     * Builds the automaton. Empty phrases are ignored (they would match everything); an empty list gives a matcher
     * that never matches.
     */
    static PhraseMatcher build(List<String> phraseList) {
        List<String> kept = new ArrayList<>();
        List<TreeMap<Character, Integer>> trie = new ArrayList<>();
        List<Integer> terminal = new ArrayList<>();
        trie.add(new TreeMap<>());
        terminal.add(NONE);
        int shortest = Integer.MAX_VALUE;
        for (String phrase : phraseList) {
            if (phrase.isEmpty()) {
                continue;
            }
            int state = ROOT;
            for (int i = 0; i < phrase.length(); i++) {
                char c = ByteChars.toLowerAscii(phrase.charAt(i));
                Integer next = trie.get(state).get(c);
                if (next == null) {
                    next = trie.size();
                    trie.add(new TreeMap<>());
                    terminal.add(NONE);
                    trie.get(state).put(c, next);
                }
                state = next;
            }
            if (terminal.get(state) == NONE) {
                terminal.set(state, kept.size());
                kept.add(phrase);
                shortest = Math.min(shortest, phrase.length());
            }
        }
        int states = trie.size();
        int[] childStart = new int[states + 1];
        char[] childByte = new char[states - 1];
        int[] childState = new int[states - 1];
        int at = 0;
        for (int s = 0; s < states; s++) {
            childStart[s] = at;
            for (var e : trie.get(s).entrySet()) {
                childByte[at] = e.getKey();
                childState[at] = e.getValue();
                at++;
            }
        }
        childStart[states] = at;

        // Failure links and outputs, breadth first so that shorter states are done before longer ones.
        int[] fail = new int[states];
        int[] output = new int[states];
        int[] depth = new int[states];
        int[] breadthFirst = new int[states];
        int visited = 0;
        breadthFirst[visited++] = ROOT;
        output[ROOT] = NONE;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int k = childStart[ROOT]; k < childStart[ROOT + 1]; k++) {
            int child = childState[k];
            fail[child] = ROOT;
            output[child] = terminal.get(child);
            depth[child] = 1;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            breadthFirst[visited++] = state;
            for (int k = childStart[state]; k < childStart[state + 1]; k++) {
                char c = childByte[k];
                int child = childState[k];
                int f = fail[state];
                int target = findChild(childStart, childByte, childState, f, c);
                while (target == NONE && f != ROOT) {
                    f = fail[f];
                    target = findChild(childStart, childByte, childState, f, c);
                }
                fail[child] = target == NONE ? ROOT : target;
                int own = terminal.get(child);
                output[child] = own != NONE ? own : output[fail[child]];
                depth[child] = depth[state] + 1;
                queue.add(child);
            }
        }
        return new PhraseMatcher(kept.toArray(new String[0]), childStart, childByte, childState, fail, output,
                kept.isEmpty() ? Integer.MAX_VALUE : shortest, breadthFirst, depth);
    }

    /**
     * The phrases' signature test (false only when no value covered by a signature, or a union of several, can
     * contain a phrase), or null when none could be built.
     */
    SignatureFilter signatureFilter() {
        return filter;
    }

    /** Number of distinct phrases. */
    int size() {
        return phrases.length;
    }

    /**
     * Returns the phrase (as written) that ends first in {@code value}; when several end at that same byte, the
     * longest. Null when no phrase occurs.
     */
    String find(String value) {
        int n = value.length();
        if (n < shortest) {
            return null;
        }
        int state = ROOT;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c > 0xff) {
                state = ROOT; // not a byte: no phrase can contain it
                continue;
            }
            c = ByteChars.toLowerAscii(c);
            while (true) {
                int row = denseRow[state];
                if (row != NONE) {
                    state = dense[row << 8 | c];
                    break;
                }
                int next = child(state, c);
                if (next != NONE) {
                    state = next;
                    break;
                }
                state = fail[state];
            }
            int phrase = output[state];
            if (phrase != NONE) {
                return phrases[phrase];
            }
        }
        return null;
    }

    private int child(int state, char c) {
        return findChild(childStart, childByte, childState, state, c);
    }

    private static int findChild(int[] childStart, char[] childByte, int[] childState, int state, char c) {
        int lo = childStart[state];
        int hi = childStart[state + 1];
        if (hi - lo <= 8) {
            for (int k = lo; k < hi; k++) {
                if (childByte[k] == c) {
                    return childState[k];
                }
            }
            return NONE;
        }
        int k = Arrays.binarySearch(childByte, lo, hi, c);
        return k >= 0 ? childState[k] : NONE;
    }
}
