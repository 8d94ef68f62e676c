package dev.bulwark.waf.internal.regex;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A cheap necessary condition for a pattern to match, tested against a value's {@link #signature} before the
 * pattern itself runs. The signature, computed once per value and shared by every rule that inspects the value, says
 * which bytes occur in it and (as a 1024-bit Bloom filter) which adjacent byte pairs occur, both after ASCII
 * lower-casing. The condition is an AND/OR formula derived from the parse tree:
 * <ul>
 *   <li>a char test needs one of its bytes in the value;</li>
 *   <li>a sequence needs all its items, and two adjacent items that each consume at least one char need one of the
 *       byte pairs (last char of the first, first char of the second) when both are small sets, which turns a literal
 *       like {@code select} into the pairs {@code se el le ec ct};</li>
 *   <li>an alternation needs one of its alternatives; a repetition with a minimum of at least one needs its item;
 *       assertions and optional parts need nothing.</li>
 * </ul>
 * Sound by construction: a match is a substring of the value, and every byte and adjacent pair of the substring is in
 * the value's signature (case folding only merges, so it never loses one). The differential test over the CRS
 * corpus checks that no value the pattern matches is ever refused. Patterns whose formula is always true get no
 * prefilter.
 *
 * <p>Example: {@code (?i)union\s+select} needs the pairs {@code un ni io on} and {@code se el le ec ct} (and a
 * whitespace byte); the value {@code "blue shoes"} lacks {@code un}, so the DFA never runs on it.
 *
 * <p>Immutable and thread-safe.
 */
final class Prefilter implements SignatureFilter {

    /** Longs before the trigram filter: 4 for the byte set, 16 for the pair filter, 1 for the trigram filter's size. */
    private static final int HEADER_LONGS = 21;
    /** The trigram filter has about 4 bits per byte of the value, a power of two within these bounds. */
    private static final int MIN_TRIGRAM_BITS_LOG2 = 9;
    private static final int MAX_TRIGRAM_BITS_LOG2 = 18;
    /** Signature sizes: one per trigram filter size ({@link SignatureArrays} keeps arrays by it). */
    static final int SIZE_CLASSES = MAX_TRIGRAM_BITS_LOG2 - MIN_TRIGRAM_BITS_LOG2 + 1;
    /** Exact string sets larger than this are not tracked (they stop being selective and cost memory). */
    private static final int MAX_EXACT = 16;
    /** First/last sets larger than this do not produce pair conditions (the product would say little). */
    private static final int MAX_EDGE_SET = 8;
    /** Formulas larger than this are not worth evaluating per value. */
    private static final int MAX_NODES = 4096;

    private final Node root;
    /**
     * A few masks over the byte set and the pair filter (4 + 16 longs), each of which the signature must hit: a
     * weaker, flat form of {@link #root} checked first, since most values fail it and it costs a few AND operations
     * where the formula may walk hundreds of nodes. Kept sparse: per mask, the signature words it covers
     * and its bits in each, all in one array ({@link #gate}): the gate is read for every value and rule, from data
     * that has left the cache since the last request, so it is laid out to cost one or two cache lines.
     */
    private final long[] gate;

    private Prefilter(Node root) {
        this.root = root;
        long[][] masks = gate(root);
        // per mask: the number of words it covers, then (word index, bits) for each
        int length = 0;
        for (long[] mask : masks) {
            length++;
            for (long w : mask) {
                length += w != 0 ? 2 : 0;
            }
        }
        this.gate = new long[length];
        int at = 0;
        for (long[] mask : masks) {
            int countAt = at++;
            for (int w = 0; w < GATE_LONGS; w++) {
                if (mask[w] != 0) {
                    gate[at++] = w;
                    gate[at++] = mask[w];
                }
            }
            gate[countAt] = (at - countAt - 1) / 2;
        }
    }

    /** The prefilter of a parsed pattern, or null when the pattern could match any value. */
    static Prefilter of(RegexTree tree) {
        return of(tree, MAX_NODES, true);
    }

    /**
     * The prefilter of a parsed pattern whose formula may have up to {@code maxNodes} nodes, or null. A wide
     * alternation of literals (a phrase list) is indexed by anchor pair, so most of its nodes are never visited.
     */
    static Prefilter of(RegexTree tree, int maxNodes) {
        return of(tree, maxNodes, false);
    }

    /**
     * As {@link #of(RegexTree, int)}; with {@code evasion}, a pattern whose classes hold {@link #EVASION} bytes also
     * gets the formula of the pattern without them (not worth its cost for a phrase list, made of literals).
     */
    private static Prefilter of(RegexTree tree, int maxNodes, boolean evasion) {
        Node root = analyse(tree, WITH_ALL_BYTES).formula;
        if (root == TRUE || count(root) > maxNodes) {
            return null;
        }
        if (evasion && uses(tree, EVASION)) {
            // For a value without evasion bytes, the pattern without them applies: "c['\"]*a['\"]*t" is "cat".
            Node plain = or(List.of(bytes(EVASION), analyse(tree, WITHOUT_EVASION).formula));
            if (plain != TRUE && count(plain) <= 2 * maxNodes) { // indexed words: large but cheap to test
                root = new And(new Node[] {plain, root}); // the stronger test first
            }
        }
        return new Prefilter(indexed(root));
    }

    /**
     * Bytes that obfuscate commands and code ({@code c\at}, {@code c'a't}, {@code $IFS}) and that benign values
     * seldom hold. Patterns written to see through them put them in optional places between letters, where they
     * hide the letters' adjacency from the formula; a value holding none of them is judged by the pattern with
     * them taken out ({@link #of}), in which the letters are plain words again.
     */
    private static final boolean[] EVASION = new boolean[256];

    static {
        for (char c : "\"'`\\$^()[]".toCharArray()) {
            EVASION[c] = true;
        }
    }

    /**
     * The bytes an analysis takes out of every char class (none, or {@link #EVASION}), the number of exact
     * strings it tracks, and whether it distributes exact strings into the alternation after them
     * ({@link #prefixed}). Without evasion bytes, the command lists of CRS are plain words in a trie, worth
     * tracking by the hundred, since each becomes a literal of pairs and trigrams.
     */
    private record Scope(boolean[] excluded, int maxExact, boolean distributes) {}

    private static final Scope WITH_ALL_BYTES = new Scope(null, MAX_EXACT, false);
    private static final Scope WITHOUT_EVASION = new Scope(EVASION, 256, true);

    /** Whether a char class of the tree holds one of {@code bytes}. */
    private static boolean uses(RegexTree t, boolean[] bytes) {
        if (t instanceof RegexTree.Chars c) {
            for (int b = 0; b < 256; b++) {
                if (bytes[b] && c.set().contains(b)) {
                    return true;
                }
            }
            return false;
        }
        if (t instanceof RegexTree.Repeat r) {
            return uses(r.item(), bytes);
        }
        if (t instanceof RegexTree.Alternation a) {
            return a.alternatives().stream().anyMatch(alt -> uses(alt, bytes));
        }
        return t instanceof RegexTree.Sequence s && s.items().stream().anyMatch(item -> uses(item, bytes));
    }

    /** False when the pattern cannot match the value the signature was computed from. */
    @Override
    public boolean mayMatch(long[] signature) {
        long[] g = gate;
        for (int at = 0; at < g.length; ) {
            int end = at + 1 + 2 * (int) g[at];
            long hit = 0;
            for (at++; at < end; at += 2) {
                hit |= signature[(int) g[at]] & g[at + 1];
            }
            if (hit == 0) {
                return false;
            }
        }
        return root.test(signature);
    }

    /** Longs of a gate mask: the byte set and the pair filter of a signature. */
    private static final int GATE_LONGS = 20;
    private static final int MAX_GATE_MASKS = 4;

    /** The gate of a formula: for an AND, the sparsest masks of its items; else the formula's own mask. */
    private static long[][] gate(Node root) {
        List<long[]> masks = new ArrayList<>();
        if (root instanceof And a) {
            for (Node item : a.items) {
                long[] m = mask(item);
                if (m != null) {
                    masks.add(m);
                }
            }
        } else {
            long[] m = mask(root);
            if (m != null) {
                masks.add(m);
            }
        }
        masks.sort(java.util.Comparator.comparingInt(Prefilter::bits));
        return masks.subList(0, Math.min(MAX_GATE_MASKS, masks.size())).toArray(long[][]::new);
    }

    private static int bits(long[] mask) {
        int n = 0;
        for (long w : mask) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /**
     * A mask one of whose bytes or pairs every value satisfying {@code n} has, or null when there is none worth
     * having (trigram conditions, or an alternative without one).
     */
    private static long[] mask(Node n) {
        long[] m = new long[GATE_LONGS];
        if (n instanceof Bytes b) {
            m[0] = b.b0;
            m[1] = b.b1;
            m[2] = b.b2;
            m[3] = b.b3;
            return m;
        }
        if (n instanceof AllBytes || n instanceof AllPairs || n instanceof Pairs) {
            long[] bytes = byteAnchor(n);
            int[] pairs = pairAnchor(n);
            if (pairs != null) {
                for (int h : pairs) {
                    m[4 + (h >>> 6)] |= 1L << h;
                }
                return m;
            }
            if (bytes != null) {
                System.arraycopy(bytes, 0, m, 0, 4);
                return m;
            }
            return null;
        }
        if (n instanceof And a) {
            long[] best = null;
            for (Node item : a.items) {
                long[] im = mask(item);
                if (im != null && (best == null || bits(im) < bits(best))) {
                    best = im;
                }
            }
            return best;
        }
        Node[] options = n instanceof Or o ? o.items : n instanceof IndexedOr io ? io.items : null;
        if (options == null) {
            return null;
        }
        for (Node option : options) {
            long[] om = mask(option);
            if (om == null) {
                return null;
            }
            for (int w = 0; w < GATE_LONGS; w++) {
                m[w] |= om[w];
            }
        }
        return m;
    }

    /**
     * The signature of a byte string, or null when it holds a char above 255 (the fast path leaves those to RE2/J,
     * and so does the prefilter).
     */
    static long[] signature(String value) {
        return signature(value, null);
    }

    /** {@link #signature(String)} in an array from {@code arrays} (null: a new one). */
    static long[] signature(String value, SignatureArrays arrays) {
        long[] sig = emptySignature(value.length(), arrays);
        return add(sig, value) ? sig : null;
    }

    /**
     * One signature covering several texts, merged from their {@link #signature}s: every byte, pair and trigram of
     * each text is in it (no pair spans two texts). The formula only asks for presence, so a pattern it rules out
     * matches none of the texts. Trigram filters fold to the smallest size (a filter keeps the top bits of each hash,
     * so halving it merges bit pairs). Null when a signature is null (its text is not a byte string).
     */
    static long[] union(long[][] signatures, int count) {
        return union(signatures, count, null);
    }

    /** {@link #union(long[][], int)} in an array from {@code arrays} (null: a new one). */
    static long[] union(long[][] signatures, int count, SignatureArrays arrays) {
        for (int i = 0; i < count; i++) {
            if (signatures[i] == null) {
                return null;
            }
        }
        long[] union = emptySignature(0, arrays);
        for (int i = 0; i < count; i++) {
            merge(union, signatures[i]);
        }
        return union;
    }

    /** ORs {@code sig} into {@code union}, whose trigram filter is no larger than sig's. */
    private static void merge(long[] union, long[] sig) {
        for (int w = 0; w < HEADER_LONGS - 1; w++) {
            union[w] |= sig[w];
        }
        int trigramLongs = union.length - HEADER_LONGS;
        int shift = (int) sig[HEADER_LONGS - 1] - (int) union[HEADER_LONGS - 1];
        if (shift == 0) {
            for (int w = 0; w < trigramLongs; w++) {
                union[HEADER_LONGS + w] |= sig[HEADER_LONGS + w];
            }
            return;
        }
        int sourceLongs = sig.length - HEADER_LONGS;
        for (int w = 0; w < sourceLongs; w++) {
            long bits = sig[HEADER_LONGS + w];
            if (bits == 0) {
                continue;
            }
            // bit b of source long w is bit (64w + b) >>> shift of the union: a whole long folds into one bit
            // (shift 6 and more) or into 64 >>> shift bits starting at 64w >>> shift, all in one union long
            int t = (w << 6) >>> shift;
            long folded = shift >= 6 ? 1L : fold(bits, shift);
            union[HEADER_LONGS + (t >>> 6)] |= folded << t;
        }
    }

    /**
     * The 64 >>> {@code shift} bits (shift 1..5) whose bit i is set when one of bits {@code i << shift} to
     * {@code ((i + 1) << shift) - 1} of {@code bits} is: each round ORs neighbouring bits and packs the results.
     */
    static long fold(long bits, int shift) {
        long x = bits;
        for (int round = 0; round < shift; round++) {
            x = (x | x >>> 1) & 0x5555555555555555L;
            x = (x | x >>> 1) & 0x3333333333333333L;
            x = (x | x >>> 2) & 0x0F0F0F0F0F0F0F0FL;
            x = (x | x >>> 4) & 0x00FF00FF00FF00FFL;
            x = (x | x >>> 8) & 0x0000FFFF0000FFFFL;
            x = (x | x >>> 16) & 0x00000000FFFFFFFFL;
        }
        return x;
    }

    /** An empty signature for a text of {@code length} chars, from {@code arrays} (null: a new array). */
    private static long[] emptySignature(int length, SignatureArrays arrays) {
        int log2 = MIN_TRIGRAM_BITS_LOG2;
        while (log2 < MAX_TRIGRAM_BITS_LOG2 && (1 << log2) < 4L * length) {
            log2++;
        }
        int longs = HEADER_LONGS + ((1 << log2) >>> 6);
        long[] sig = arrays == null ? new long[longs] : arrays.take(log2 - MIN_TRIGRAM_BITS_LOG2, longs);
        sig[HEADER_LONGS - 1] = log2;
        return sig;
    }

    /** Adds the bytes, pairs and trigrams of {@code value}; false when it holds a char above 255. */
    private static boolean add(long[] sig, String value) {
        int n = value.length();
        if (n == 0) {
            return true;
        }
        int shift = 32 - (int) sig[HEADER_LONGS - 1];
        int c = value.charAt(0);
        if (c > 0xFF) {
            return false;
        }
        c = FOLD[c];
        sig[c >>> 6] |= 1L << c;
        int key = c; // the last (up to) three folded bytes, one per byte of the int
        for (int i = 1; i < n; i++) {
            c = value.charAt(i);
            if (c > 0xFF) {
                return false;
            }
            c = FOLD[c];
            sig[c >>> 6] |= 1L << c;
            key = (key << 8 | c) & 0xFFFFFF;
            int h = pairHash(key & 0xFFFF);
            sig[4 + (h >>> 6)] |= 1L << h;
            if (i >= 2) {
                int t = trigramHash(key) >>> shift;
                sig[HEADER_LONGS + (t >>> 6)] |= 1L << t;
            }
        }
        return true;
    }

    /** ASCII lower-casing of a byte, as signatures see it. */
    private static final int[] FOLD = new int[256];

    static {
        for (int c = 0; c < 256; c++) {
            FOLD[c] = c >= 'A' && c <= 'Z' ? c + 32 : c;
        }
    }

    /** 0..1023. */
    static int pairHash(int a, int b) {
        return pairHash(a << 8 | b);
    }

    /** The pair hash of two bytes given as {@code first << 8 | second}. */
    private static int pairHash(int pair) {
        return (pair * 0x9E3779B1) >>> 22;
    }

    /** A 32-bit hash; a value's filter of 2^k bits uses its top k bits. */
    static int trigramHash(int a, int b, int c) {
        return trigramHash(a << 16 | b << 8 | c);
    }

    /** The trigram hash of three bytes given as one int, the first in bits 16..23. */
    private static int trigramHash(int trigram) {
        return (trigram ^ trigram >>> 11) * 0x85EBCA6B;
    }

    // ---- the formula ----

    /** A node of the formula: an abstract class rather than an interface, since a virtual call costs less. */
    private abstract static class Node {
        abstract boolean test(long[] sig);
    }

    private static final Node TRUE = new Node() {
        @Override
        boolean test(long[] sig) {
            return true;
        }
    };

    /** One of the bytes is present. */
    private static final class Bytes extends Node {
        private final long b0;
        private final long b1;
        private final long b2;
        private final long b3;

        Bytes(long b0, long b1, long b2, long b3) {
            this.b0 = b0;
            this.b1 = b1;
            this.b2 = b2;
            this.b3 = b3;
        }

        @Override
        boolean test(long[] sig) {
            return ((sig[0] & b0) | (sig[1] & b1) | (sig[2] & b2) | (sig[3] & b3)) != 0;
        }
    }

    /** One of the byte pairs (by hash) is present. */
    private static final class Pairs extends Node {
        private final int[] hashes;

        Pairs(int[] hashes) {
            this.hashes = hashes;
        }

        @Override
        boolean test(long[] sig) {
            for (int h : hashes) {
                if ((sig[4 + (h >>> 6)] & (1L << h)) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** All of the trigrams (by hash) are present. */
    private static final class Trigrams extends Node {
        private final int[] hashes;

        Trigrams(int[] hashes) {
            this.hashes = hashes;
        }

        @Override
        boolean test(long[] sig) {
            int shift = 32 - (int) sig[HEADER_LONGS - 1];
            for (int h : hashes) {
                int t = h >>> shift;
                if ((sig[HEADER_LONGS + (t >>> 6)] & (1L << t)) == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Every one of the bytes is present. */
    private static final class AllBytes extends Node {
        private final long b0;
        private final long b1;
        private final long b2;
        private final long b3;

        AllBytes(long b0, long b1, long b2, long b3) {
            this.b0 = b0;
            this.b1 = b1;
            this.b2 = b2;
            this.b3 = b3;
        }

        @Override
        boolean test(long[] sig) {
            return (sig[0] & b0) == b0 && (sig[1] & b1) == b1 && (sig[2] & b2) == b2 && (sig[3] & b3) == b3;
        }
    }

    /** All of the byte pairs (by hash) are present. */
    private static final class AllPairs extends Node {
        private final int[] hashes;

        AllPairs(int[] hashes) {
            this.hashes = hashes;
        }

        @Override
        boolean test(long[] sig) {
            for (int h : hashes) {
                if ((sig[4 + (h >>> 6)] & (1L << h)) == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class And extends Node {
        private final Node[] items;

        And(Node[] items) {
            this.items = items;
        }

        @Override
        boolean test(long[] sig) {
            for (Node n : items) {
                if (!n.test(sig)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Or extends Node {
        private final Node[] items;

        Or(Node[] items) {
            this.items = items;
        }

        @Override
        boolean test(long[] sig) {
            for (Node n : items) {
                if (n.test(sig)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A wide alternation ({@code cat|curl|wget|...}) where only the alternatives whose anchor is in the signature
     * are tested: an anchor is one byte pair (or byte) the alternative cannot match without, so an alternative
     * whose anchor is absent is false and need not be looked at. Same answers as {@link Or}, in time that grows
     * with the anchors a value hits rather than with the number of alternatives.
     */
    private static final class IndexedOr extends Node {

        /** All the alternatives, as given. */
        private final Node[] items;
        private final Node[] unanchored;
        /**
         * The anchors, as a mask over the first 20 words of a signature (4 of bytes, then 16 of pairs), and per
         * anchored word the number of anchors in the words before it. Anchor number k (in word order) has the
         * alternatives {@code alternatives[starts[k]..starts[k + 1])}, each with the two guard pairs at
         * {@code guards[2i], guards[2i + 1]}. Flat arrays sized by the anchors rather than tables of 1024 and 256
         * entries: a test reads a few cache lines, not scattered slots of big tables.
         */
        private final long[] anchors = new long[ANCHOR_WORDS];
        private final int[] rankBase = new int[ANCHOR_WORDS];
        private final int[] starts;
        private final Node[] alternatives;
        private final int[] guards;

        private static final int ANCHOR_WORDS = 20;

        IndexedOr(Node[] items) {
            this.items = items;
            List<Node> rest = new ArrayList<>();
            // per anchor bit (0..255 bytes, 256 + h pairs): its alternatives and their guards
            @SuppressWarnings("unchecked")
            List<Node>[] byAnchor = new List[ANCHOR_WORDS * 64];
            @SuppressWarnings("unchecked")
            List<int[]>[] guardsByAnchor = new List[ANCHOR_WORDS * 64];
            for (Node n : items) {
                int[] pairs = pairAnchor(n);
                if (pairs != null) {
                    for (int h : pairs) {
                        addAnchor(byAnchor, guardsByAnchor, 256 + h, n, guard(n, h));
                    }
                    continue;
                }
                long[] bytes = byteAnchor(n);
                if (bytes != null) {
                    for (int c = 0; c < 256; c++) {
                        if ((bytes[c >>> 6] & (1L << c)) != 0) {
                            addAnchor(byAnchor, guardsByAnchor, c, n, guard(n, -1));
                        }
                    }
                    continue;
                }
                rest.add(n);
            }
            unanchored = rest.toArray(Node[]::new);
            List<Node> alts = new ArrayList<>();
            List<Integer> guardList = new ArrayList<>();
            List<Integer> startList = new ArrayList<>();
            int count = 0;
            for (int w = 0; w < ANCHOR_WORDS; w++) {
                rankBase[w] = count;
                for (int b = 0; b < 64; b++) {
                    int bit = 64 * w + b;
                    if (byAnchor[bit] != null) {
                        anchors[w] |= 1L << b;
                        startList.add(alts.size());
                        alts.addAll(byAnchor[bit]);
                        for (int[] g : guardsByAnchor[bit]) {
                            guardList.add(g[0]);
                            guardList.add(g[1]);
                        }
                        count++;
                    }
                }
            }
            startList.add(alts.size());
            starts = startList.stream().mapToInt(Integer::intValue).toArray();
            alternatives = alts.toArray(Node[]::new);
            guards = guardList.stream().mapToInt(Integer::intValue).toArray();
        }

        private static void addAnchor(List<Node>[] byAnchor, List<int[]>[] guardsByAnchor, int bit, Node n,
                int[] guard) {
            if (byAnchor[bit] == null) {
                byAnchor[bit] = new ArrayList<>();
                guardsByAnchor[bit] = new ArrayList<>();
            }
            byAnchor[bit].add(n);
            guardsByAnchor[bit].add(guard);
        }

        @Override
        boolean test(long[] sig) {
            for (Node n : unanchored) {
                if (n.test(sig)) {
                    return true;
                }
            }
            // pairs first (words 4..19): they are the more selective anchors
            for (int w = 4; w < ANCHOR_WORDS; w++) {
                if (anyAnchorPasses(w, sig)) {
                    return true;
                }
            }
            for (int w = 0; w < 4; w++) {
                if (anyAnchorPasses(w, sig)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether an alternative anchored at a bit of word {@code w} that the signature has passes. */
        private boolean anyAnchorPasses(int w, long[] sig) {
            long word = anchors[w];
            for (long bits = sig[w] & word; bits != 0; bits &= bits - 1) {
                long low = bits & -bits;
                int k = rankBase[w] + Long.bitCount(word & (low - 1));
                if (anyPasses(starts[k], starts[k + 1], sig)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether one of the alternatives passes. Each is tested only when both pairs of its guard are present: two
         * bit tests inline, where a failing test of the alternative itself would walk its nodes.
         */
        private boolean anyPasses(int from, int to, long[] sig) {
            for (int i = from; i < to; i++) {
                if (present(guards[2 * i], sig) && present(guards[2 * i + 1], sig) && alternatives[i].test(sig)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether pair hash {@code h} is in the signature; a guard of -1 (none) always is. */
        private static boolean present(int h, long[] sig) {
            return h < 0 || (sig[4 + (h >>> 6)] & (1L << h)) != 0;
        }

        /**
         * Two pairs (other than {@code anchor}) that alternative {@code n} cannot match without, -1 where it has no
         * more: the first and the last of its required pairs, which for a literal are far apart in the phrase.
         */
        private static int[] guard(Node n, int anchor) {
            List<Integer> needed = new ArrayList<>();
            requiredPairs(n, needed);
            needed.removeIf(h -> h == anchor);
            if (needed.isEmpty()) {
                return new int[] {-1, -1};
            }
            int first = needed.get(0);
            int last = needed.get(needed.size() - 1);
            return new int[] {first, last == first ? -1 : last};
        }
    }

    /** Alternations at least this wide are {@link IndexedOr indexed}. */
    private static final int INDEXED_OR_MIN = 6;
    /** An alternative anchored on a set of bytes or pairs (any of which it needs) is filed under each of them. */
    private static final int MAX_ANCHOR_SET = 8;
    private static final int MAX_PAIR_ANCHOR_SET = 48;

    /** The formula with its wide alternations indexed by anchor. */
    private static Node indexed(Node n) {
        if (n instanceof And a) {
            Node[] items = new Node[a.items.length];
            for (int i = 0; i < items.length; i++) {
                items[i] = indexed(a.items[i]);
            }
            return new And(items);
        }
        if (n instanceof Or o) {
            Node[] items = new Node[o.items.length];
            for (int i = 0; i < items.length; i++) {
                items[i] = indexed(o.items[i]);
            }
            return items.length >= INDEXED_OR_MIN ? new IndexedOr(items) : new Or(items);
        }
        return n;
    }

    /** Pairs one of which {@code n} needs (null when there is no small such set). */
    private static int[] pairAnchor(Node n) {
        if (n instanceof AllPairs a && a.hashes.length > 0) {
            return new int[] {a.hashes[a.hashes.length / 2]};
        }
        if (n instanceof Pairs p && p.hashes.length > 0 && p.hashes.length <= MAX_PAIR_ANCHOR_SET) {
            return p.hashes;
        }
        int[] best = null;
        if (n instanceof And a) {
            // every item is needed: the one with the fewest pairs says the most
            for (Node item : a.items) {
                int[] anchor = pairAnchor(item);
                if (anchor != null && (best == null || anchor.length < best.length)) {
                    best = anchor;
                }
            }
        }
        return best;
    }

    /** Adds the pairs {@code n} needs, every one of them (an AND of pair conditions), to {@code out}. */
    private static void requiredPairs(Node n, List<Integer> out) {
        if (n instanceof AllPairs a) {
            for (int h : a.hashes) {
                out.add(h);
            }
        } else if (n instanceof Pairs p && p.hashes.length == 1) {
            out.add(p.hashes[0]);
        } else if (n instanceof And a) {
            for (Node item : a.items) {
                requiredPairs(item, out);
            }
        }
    }

    /** Bytes one of which {@code n} needs (null when there is no small such set). */
    private static long[] byteAnchor(Node n) {
        if (n instanceof Bytes b) {
            long[] mask = {b.b0, b.b1, b.b2, b.b3};
            int size = Long.bitCount(b.b0) + Long.bitCount(b.b1) + Long.bitCount(b.b2) + Long.bitCount(b.b3);
            return size > 0 && size <= MAX_ANCHOR_SET ? mask : null;
        }
        if (n instanceof AllBytes b) {
            long[] mask = {b.b0, b.b1, b.b2, b.b3};
            for (int w = 3; w >= 0; w--) {
                if (mask[w] != 0) {
                    // one byte of the set is enough: the highest (letters and symbols over digits and spaces)
                    long one = Long.highestOneBit(mask[w]);
                    long[] single = new long[4];
                    single[w] = one;
                    return single;
                }
            }
            return null;
        }
        if (n instanceof And a) {
            for (Node item : a.items) {
                long[] anchor = byteAnchor(item);
                if (anchor != null) {
                    return anchor;
                }
            }
        }
        return null;
    }

    private static int count(Node n) {
        if (n instanceof And a) {
            int c = 1;
            for (Node i : a.items) {
                c += count(i);
            }
            return c;
        }
        if (n instanceof Or o) {
            int c = 1;
            for (Node i : o.items) {
                c += count(i);
            }
            return c;
        }
        return 1;
    }

    // ---- deriving it from the tree ----

    /** A subtree that matches nothing (an empty char class): its set of exact strings is empty. */
    private static Info never() {
        return new Info(new Bytes(0, 0, 0, 0), null, null, false, false, Set.of());
    }

    private static boolean impossible(Info i) {
        return i.exact != null && i.exact.isEmpty();
    }

    /**
     * What a subtree requires. {@code first}/{@code last}: the folded bytes a non-empty match must start/end with
     * (null when unknown or too many); {@code nullable}: it can match the empty string; {@code zeroWidth}: it never
     * consumes a char (assertions), so it does not separate its neighbours.
     */
    private record Info(Node formula, boolean[] first, boolean[] last, boolean nullable, boolean zeroWidth,
            Set<String> exact) {

        Info(Node formula, boolean[] first, boolean[] last, boolean nullable, boolean zeroWidth) {
            this(formula, first, last, nullable, zeroWidth, null);
        }
    }

    /**
     * What a subtree requires of a value; of a value that holds none of the scope's excluded bytes when it has
     * some (they are taken out of every char class).
     */
    private static Info analyse(RegexTree t, Scope scope) {
        if (t instanceof RegexTree.Chars c) {
            boolean[] folded = folded(c.set());
            if (scope.excluded != null) {
                for (int b = 0; b < 256; b++) {
                    folded[b] &= !scope.excluded[b];
                }
            }
            int size = size(folded);
            if (size == 0) {
                return never();
            }
            boolean[] edge = size <= MAX_EDGE_SET ? folded : null;
            Set<String> exact = null;
            if (size <= 4) {
                exact = new LinkedHashSet<>();
                for (int b = 0; b < 256; b++) {
                    if (folded[b]) {
                        exact.add(String.valueOf((char) b));
                    }
                }
            }
            return new Info(size == 256 ? TRUE : bytes(folded), edge, edge, false, false, exact);
        }
        if (t instanceof RegexTree.Assertion) {
            return new Info(TRUE, null, null, true, true, Set.of(""));
        }
        if (t instanceof RegexTree.Repeat r) {
            Info item = analyse(r.item(), scope);
            if (impossible(item)) {
                // zero times is all it can do: the empty string, which does not separate its neighbours
                return r.min() == 0 ? new Info(TRUE, null, null, true, true, Set.of("")) : never();
            }
            Set<String> exact = repeated(item.exact, r.min(), r.max(), scope.maxExact);
            if (r.min() == 0) {
                return new Info(exact == null ? TRUE : literal(exact), null, null, true, item.zeroWidth, exact);
            }
            return new Info(exact == null ? item.formula : literal(exact), item.first, item.last, item.nullable,
                    item.zeroWidth, exact);
        }
        if (t instanceof RegexTree.Alternation a) {
            List<Node> options = new ArrayList<>();
            boolean[] first = new boolean[256];
            boolean[] last = new boolean[256];
            boolean firstKnown = true;
            boolean lastKnown = true;
            boolean nullable = false;
            boolean zeroWidth = true;
            Set<String> exact = new LinkedHashSet<>();
            boolean possible = false;
            for (RegexTree alt : a.alternatives()) {
                Info i = analyse(alt, scope);
                if (impossible(i)) {
                    continue; // an alternative that matches nothing adds nothing
                }
                possible = true;
                options.add(i.formula);
                nullable |= i.nullable;
                zeroWidth &= i.zeroWidth;
                firstKnown &= i.first != null && or(first, i.first);
                lastKnown &= i.last != null && or(last, i.last);
                if (exact != null && i.exact != null && exact.size() + i.exact.size() <= scope.maxExact) {
                    exact.addAll(i.exact);
                } else {
                    exact = null;
                }
            }
            if (!possible) {
                return never();
            }
            return new Info(exact != null ? literal(exact) : or(options),
                    firstKnown && size(first) <= MAX_EDGE_SET ? first : null,
                    lastKnown && size(last) <= MAX_EDGE_SET ? last : null, nullable, zeroWidth, exact);
        }
        RegexTree.Sequence s = (RegexTree.Sequence) t;
        List<Node> required = new ArrayList<>();
        Info previous = null;
        boolean[] first = null;
        boolean firstDecided = false;
        boolean nullable = true;
        boolean zeroWidth = true;
        // consecutive exact items multiply into one run of candidate strings, which needs one of them present
        Set<String> run = Set.of("");
        boolean allExact = true;
        for (RegexTree item : s.items()) {
            boolean distributed = false;
            if (scope.distributes && item instanceof RegexTree.Alternation alt && !run.contains("")
                    && (long) run.size() * alt.alternatives().size() <= scope.maxExact) {
                item = prefixed(run, alt); // the strings of the run now start each alternative
                run = Set.of("");
                distributed = true;
            }
            Info i = analyse(item, scope);
            if (impossible(i)) {
                return never(); // one item that matches nothing, and so does the sequence
            }
            nullable &= i.nullable;
            zeroWidth &= i.zeroWidth;
            if (i.exact != null) {
                Set<String> product = product(run, i.exact, scope.maxExact);
                if (product == null) {
                    required.add(literal(run));
                    allExact = false;
                    run = i.exact;
                } else {
                    run = product;
                }
            } else {
                required.add(literal(run));
                run = Set.of("");
                allExact = false;
                required.add(i.formula);
            }
            if (i.zeroWidth) {
                continue; // assertions sit between chars without consuming one
            }
            if (!firstDecided) {
                first = i.nullable ? null : i.first;
                firstDecided = true;
            }
            // (a distributed item starts with the run, whose pairs with what came before are required already)
            if (!distributed && previous != null && !previous.nullable && !i.nullable && previous.last != null
                    && i.first != null) {
                required.add(pairs(previous.last, i.first));
            }
            previous = i;
        }
        required.add(literal(run));
        boolean[] last = previous == null || previous.nullable ? null : previous.last;
        return new Info(and(required), first, last, nullable, zeroWidth, allExact ? run : null);
    }

    /**
     * {@code run} followed by {@code alt}, as one alternation: {@code c(?:at|url)} becomes {@code cat|curl}, so that
     * each alternative's words are whole even when the alternation is not exact (a class after each word). An
     * alternative that is a sequence is spliced, so that the run reaches a nested alternation too.
     */
    private static RegexTree prefixed(Set<String> run, RegexTree.Alternation alt) {
        List<RegexTree> strings = new ArrayList<>();
        for (String str : run) {
            List<RegexTree> chars = new ArrayList<>();
            for (int i = 0; i < str.length(); i++) {
                chars.add(new RegexTree.Chars(ByteSet.of(str.charAt(i))));
            }
            strings.add(new RegexTree.Sequence(chars));
        }
        RegexTree prefix = strings.size() == 1 ? strings.get(0) : new RegexTree.Alternation(strings);
        List<RegexTree> options = new ArrayList<>();
        for (RegexTree a : alt.alternatives()) {
            List<RegexTree> items = new ArrayList<>();
            if (prefix instanceof RegexTree.Sequence p) {
                items.addAll(p.items());
            } else {
                items.add(prefix);
            }
            if (a instanceof RegexTree.Sequence s) {
                items.addAll(s.items());
            } else {
                items.add(a);
            }
            options.add(new RegexTree.Sequence(items));
        }
        return new RegexTree.Alternation(options);
    }

    /** The strings of {@code item} repeated min..max times, or null when not small and finite. */
    private static Set<String> repeated(Set<String> item, int min, int max, int maxExact) {
        if (item == null || max == RegexTree.Repeat.UNBOUNDED || max > 4) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        Set<String> power = Set.of("");
        for (int k = 0; k <= max; k++) {
            if (k >= min) {
                out.addAll(power);
                if (out.size() > maxExact) {
                    return null;
                }
            }
            if (k < max) {
                power = product(power, item, maxExact);
                if (power == null) {
                    return null;
                }
            }
        }
        return out;
    }

    /** Every concatenation of a string of {@code a} and one of {@code b}, or null when there would be too many. */
    private static Set<String> product(Set<String> a, Set<String> b, int maxExact) {
        if ((long) a.size() * b.size() > maxExact) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String x : a) {
            for (String y : b) {
                if (x.length() + y.length() > 64) {
                    return null;
                }
                out.add(x + y);
            }
        }
        return out;
    }

    /**
     * One of the strings is present: each string needs its bytes, its adjacent pairs and its trigrams. The empty
     * string is always present, so a set holding it needs nothing.
     */
    private static Node literal(Set<String> strings) {
        if (strings.isEmpty() || strings.contains("")) {
            return strings.isEmpty() ? new Bytes(0, 0, 0, 0) : TRUE;
        }
        List<Node> options = new ArrayList<>();
        for (String str : strings) {
            // already in the form and() gives: all bytes, then all pairs, then all trigrams
            boolean[] chars = new boolean[256];
            for (int i = 0; i < str.length(); i++) {
                chars[str.charAt(i)] = true;
            }
            Node allBytes = bytesAll(chars);
            if (str.length() < 2) {
                options.add(allBytes);
                continue;
            }
            PairSet pairs = new PairSet();
            for (int i = 1; i < str.length(); i++) {
                pairs.add(pairHash(str.charAt(i - 1), str.charAt(i)));
            }
            if (str.length() == 2) {
                options.add(new And(new Node[] {allBytes, new AllPairs(pairs.toArray())}));
                continue;
            }
            int[] trigrams = new int[str.length() - 2];
            for (int i = 2; i < str.length(); i++) {
                trigrams[i - 2] = trigramHash(str.charAt(i - 2), str.charAt(i - 1), str.charAt(i));
            }
            options.add(new And(new Node[] {allBytes, new AllPairs(pairs.toArray()), new Trigrams(trigrams)}));
        }
        return or(options);
    }

    /** Every one of the bytes is present. */
    private static Node bytesAll(boolean[] chars) {
        long[] b = new long[4];
        for (int c = 0; c < 256; c++) {
            if (chars[c]) {
                b[c >>> 6] |= 1L << c;
            }
        }
        return new AllBytes(b[0], b[1], b[2], b[3]);
    }

    private static boolean[] folded(ByteSet set) {
        boolean[] out = new boolean[256];
        for (int c = 0; c < 256; c++) {
            if (set.contains(c)) {
                out[FOLD[c]] = true;
            }
        }
        return out;
    }

    private static int size(boolean[] set) {
        int n = 0;
        for (boolean b : set) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Adds {@code from} to {@code into}; always true (for use in a condition chain). */
    private static boolean or(boolean[] into, boolean[] from) {
        for (int c = 0; c < 256; c++) {
            into[c] |= from[c];
        }
        return true;
    }

    private static Node bytes(boolean[] set) {
        long[] b = new long[4];
        for (int c = 0; c < 256; c++) {
            if (set[c]) {
                b[c >>> 6] |= 1L << c;
            }
        }
        return new Bytes(b[0], b[1], b[2], b[3]);
    }

    private static Node pairs(boolean[] last, boolean[] first) {
        PairSet hashes = new PairSet();
        for (int a = 0; a < 256; a++) {
            if (!last[a]) {
                continue;
            }
            for (int b = 0; b < 256; b++) {
                if (first[b]) {
                    hashes.add(pairHash(a, b));
                }
            }
        }
        return new Pairs(hashes.toArray());
    }

    /** Pair hashes without repeats, in the order first added. */
    private static final class PairSet {
        private final long[] seen = new long[16];
        private int[] hashes = new int[8];
        private int size;

        void add(int h) {
            if ((seen[h >>> 6] & (1L << h)) != 0) {
                return;
            }
            seen[h >>> 6] |= 1L << h;
            if (size == hashes.length) {
                hashes = java.util.Arrays.copyOf(hashes, size * 2);
            }
            hashes[size++] = h;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(hashes, size);
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * All of the items. Requirements of one kind merge into one node (all these bytes, all these pairs, all these
     * trigrams), and the cheap flat tests come first, so that a nested alternation is only walked for a value that
     * passes them.
     */
    private static Node and(List<Node> items) {
        List<Node> flat = new ArrayList<>();
        for (Node n : items) {
            if (n instanceof And a) {
                flat.addAll(List.of(a.items));
            } else if (n != TRUE) {
                flat.add(n);
            }
        }
        long[] bytes = new long[4];
        boolean anyBytes = false;
        PairSet pairs = new PairSet();
        int[] trigrams = new int[0];
        List<Node> anyOf = new ArrayList<>();
        List<Node> nested = new ArrayList<>();
        for (Node n : flat) {
            if (n instanceof AllBytes b) {
                bytes[0] |= b.b0;
                bytes[1] |= b.b1;
                bytes[2] |= b.b2;
                bytes[3] |= b.b3;
                anyBytes = true;
            } else if (n instanceof AllPairs a) {
                for (int h : a.hashes) {
                    pairs.add(h);
                }
            } else if (n instanceof Trigrams t) {
                trigrams = concat(trigrams, t.hashes);
            } else if (n instanceof Pairs p && p.hashes.length == 1) {
                pairs.add(p.hashes[0]); // one of one pair: that pair
            } else if (n instanceof Bytes b && Long.bitCount(b.b0) + Long.bitCount(b.b1) + Long.bitCount(b.b2)
                    + Long.bitCount(b.b3) == 1) {
                bytes[0] |= b.b0; // one of one byte: that byte
                bytes[1] |= b.b1;
                bytes[2] |= b.b2;
                bytes[3] |= b.b3;
                anyBytes = true;
            } else if (n instanceof Bytes || n instanceof Pairs) {
                anyOf.add(n);
            } else {
                nested.add(n);
            }
        }
        List<Node> kept = new ArrayList<>();
        if (anyBytes) {
            kept.add(new AllBytes(bytes[0], bytes[1], bytes[2], bytes[3]));
        }
        if (pairs.size > 0) {
            kept.add(new AllPairs(pairs.toArray()));
        }
        kept.addAll(anyOf);
        if (trigrams.length > 0) {
            kept.add(new Trigrams(java.util.Arrays.stream(trigrams).distinct().toArray()));
        }
        nested.sort(java.util.Comparator.comparingInt(Prefilter::count));
        kept.addAll(nested);
        if (kept.isEmpty()) {
            return TRUE;
        }
        return kept.size() == 1 ? kept.get(0) : new And(kept.toArray(Node[]::new));
    }

    private static Node or(List<Node> items) {
        List<Node> kept = new ArrayList<>();
        long[] merged = null;
        for (Node n : items) {
            if (n == TRUE) {
                return TRUE;
            }
            if (n instanceof Bytes b) {
                // one of these bytes, or one of those: one of their union
                merged = merged == null ? new long[4] : merged;
                merged[0] |= b.b0;
                merged[1] |= b.b1;
                merged[2] |= b.b2;
                merged[3] |= b.b3;
            } else if (n instanceof Or o) {
                kept.addAll(List.of(o.items));
            } else {
                kept.add(n);
            }
        }
        if (merged != null) {
            kept.add(0, new Bytes(merged[0], merged[1], merged[2], merged[3]));
        }
        if (kept.size() <= MAX_ABSORBING_OR) {
            kept = absorbed(kept);
        }
        if (kept.isEmpty()) {
            return new Bytes(0, 0, 0, 0); // an alternation of nothing matches nothing
        }
        return kept.size() == 1 ? kept.get(0) : new Or(kept.toArray(Node[]::new));
    }

    /** Alternations up to this wide drop alternatives that imply another ({@link #absorbed}); the test is quadratic. */
    private static final int MAX_ABSORBING_OR = 64;

    /**
     * The alternatives without those that imply another one: in "u, or a backslash and u" the second adds nothing,
     * since any value it accepts the first accepts too. Of two equivalent alternatives the first stays.
     */
    private static List<Node> absorbed(List<Node> options) {
        List<Node> kept = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            Node b = options.get(i);
            boolean redundant = false;
            for (int j = 0; j < options.size() && !redundant; j++) {
                Node a = options.get(j);
                // b goes when it implies a, unless they imply each other and b comes first
                redundant = j != i && implies(b, a) && (j < i || !implies(a, b));
            }
            if (!redundant) {
                kept.add(b);
            }
        }
        return kept;
    }

    /** True only when every signature satisfying {@code b} satisfies {@code a} (false when not sure). */
    private static boolean implies(Node b, Node a) {
        if (a == b) {
            return true;
        }
        if (a instanceof Bytes x && b instanceof Bytes y) {
            // one of y's bytes is one of x's when y's are among x's
            return (y.b0 & ~x.b0) == 0 && (y.b1 & ~x.b1) == 0 && (y.b2 & ~x.b2) == 0 && (y.b3 & ~x.b3) == 0;
        }
        if (a instanceof AllBytes x) {
            long[] have = requiredBytes(b);
            return (have[0] & x.b0) == x.b0 && (have[1] & x.b1) == x.b1 && (have[2] & x.b2) == x.b2
                    && (have[3] & x.b3) == x.b3;
        }
        if (a instanceof Bytes x) {
            long[] have = requiredBytes(b);
            return ((have[0] & x.b0) | (have[1] & x.b1) | (have[2] & x.b2) | (have[3] & x.b3)) != 0;
        }
        if (a instanceof AllPairs x) {
            List<Integer> have = new ArrayList<>();
            requiredPairs(b, have);
            for (int h : x.hashes) {
                if (!have.contains(h)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof And x) {
            for (Node item : x.items) {
                if (!implies(b, item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The bytes every signature satisfying {@code n} has. */
    private static long[] requiredBytes(Node n) {
        long[] out = new long[4];
        if (n instanceof AllBytes b) {
            out[0] = b.b0;
            out[1] = b.b1;
            out[2] = b.b2;
            out[3] = b.b3;
        } else if (n instanceof Bytes b
                && Long.bitCount(b.b0) + Long.bitCount(b.b1) + Long.bitCount(b.b2) + Long.bitCount(b.b3) == 1) {
            out[0] = b.b0;
            out[1] = b.b1;
            out[2] = b.b2;
            out[3] = b.b3;
        } else if (n instanceof And a) {
            for (Node item : a.items) {
                long[] more = requiredBytes(item);
                for (int w = 0; w < 4; w++) {
                    out[w] |= more[w];
                }
            }
        }
        return out;
    }
}
