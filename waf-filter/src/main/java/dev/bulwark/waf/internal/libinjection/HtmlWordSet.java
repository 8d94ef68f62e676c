package dev.bulwark.waf.internal.libinjection;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * An immutable set of ASCII words, matched against a slice of a byte string without allocating: letters compare
 * case-insensitively (ASCII only, like C {@code toupper} in the "C" locale) and NUL bytes in the input are skipped,
 * because old browsers ignored NULs inside tag and attribute names ({@code <scr\0ipt>} ran as a script).
 *
 * <p>Stored as a trie of lower-case characters; each node keeps its outgoing labels sorted.
 */
final class HtmlWordSet {

    private static final Node EMPTY_NODE = new Node(new char[0], new Node[0], false);

    private final Node root;

    private HtmlWordSet(Node root) {
        this.root = root;
    }

    /** A set of the given words; upper-case ASCII letters are lowered, other characters kept as they are. */
    static HtmlWordSet of(String... words) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String w : words) {
            if (w.isEmpty()) {
                throw new IllegalArgumentException("empty word");
            }
            sorted.add(lowerAscii(w));
        }
        String[] all = sorted.toArray(new String[0]);
        return new HtmlWordSet(build(all, 0, all.length, 0));
    }

    /** Whether {@code s[from, to)}, NULs skipped, is one of the words. */
    boolean matchesWhole(String s, int from, int to) {
        Node node = root;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                continue;
            }
            node = node.child(lowerAscii(c));
            if (node == null) {
                return false;
            }
        }
        return node.endsWord;
    }

    /** Whether {@code s[from, to)}, NULs skipped, starts with one of the words (or is one). */
    boolean matchesStartOf(String s, int from, int to) {
        Node node = root;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                continue;
            }
            node = node.child(lowerAscii(c));
            if (node == null) {
                return false;
            }
            if (node.endsWord) {
                return true;
            }
        }
        return false;
    }

    /** Builds the node for the words {@code words[lo, hi)}, which all share their first {@code depth} chars. */
    private static Node build(String[] words, int lo, int hi, int depth) {
        boolean endsWord = false;
        if (lo < hi && words[lo].length() == depth) {
            endsWord = true; // sorted order puts the word equal to the shared prefix first
            lo++;
        }
        if (lo == hi) {
            return endsWord ? new Node(new char[0], new Node[0], true) : EMPTY_NODE;
        }
        char[] labels = new char[hi - lo];
        Node[] children = new Node[hi - lo];
        int count = 0;
        int i = lo;
        while (i < hi) {
            char label = words[i].charAt(depth);
            int j = i;
            while (j < hi && words[j].charAt(depth) == label) {
                j++;
            }
            labels[count] = label;
            children[count] = build(words, i, j, depth + 1);
            count++;
            i = j;
        }
        return new Node(Arrays.copyOf(labels, count), Arrays.copyOf(children, count), endsWord);
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static String lowerAscii(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            out[i] = lowerAscii(out[i]);
        }
        return new String(out);
    }

    private static final class Node {
        private final char[] labels;
        private final Node[] children;
        private final boolean endsWord;

        Node(char[] labels, Node[] children, boolean endsWord) {
            this.labels = labels;
            this.children = children;
            this.endsWord = endsWord;
        }

        Node child(char label) {
            int i = Arrays.binarySearch(labels, label);
            return i >= 0 ? children[i] : null;
        }
    }
}
