package dev.bulwark.waf.internal.regex;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The arrays of one transaction's {@link Regex#signature signatures}, kept for the next transaction once it is
 * closed. Signatures are the largest share of what an inspection allocates (a benign GET takes about 140 of them,
 * about 33 KB) and all of them die with the transaction, so a rule set keeps a few sets of them in a {@link Pool}:
 * a transaction takes one when it starts computing signatures and gives it back when it closes. An array is
 * cleared when it is handed out again, so a reused one is indistinguishable from a new one.
 *
 * <p>Arrays are kept by trigram filter size; what one set keeps is bounded ({@link #MAX_KEPT_LONGS}), so a
 * transaction with a large body does not make every later one hold its memory. Not thread-safe: one transaction
 * uses a set at a time, which the pool guarantees.
 */
public final class SignatureArrays {

    /** Longs one set keeps for later transactions (256 KB); arrays beyond it are left to the collector. */
    static final int MAX_KEPT_LONGS = 32 * 1024;

    /** Per size class (trigram filter size), the arrays kept, handed out in order. */
    private final long[][][] kept = new long[Prefilter.SIZE_CLASSES][][];
    /** Per size class, how many of {@link #kept} the current transaction has taken. */
    private final int[] taken = new int[Prefilter.SIZE_CLASSES];
    private int keptLongs;

    /** A cleared array of {@code length} longs, of size class {@code sizeClass}. */
    long[] take(int sizeClass, int length) {
        long[][] arrays = kept[sizeClass];
        int i = taken[sizeClass];
        if (arrays != null && i < arrays.length && arrays[i] != null) {
            taken[sizeClass] = i + 1;
            long[] a = arrays[i];
            Arrays.fill(a, 0L);
            return a;
        }
        long[] a = new long[length];
        if (keptLongs + length <= MAX_KEPT_LONGS) {
            if (arrays == null) {
                arrays = kept[sizeClass] = new long[16][];
            } else if (i == arrays.length) {
                arrays = kept[sizeClass] = Arrays.copyOf(arrays, 2 * i);
            }
            arrays[i] = a;
            taken[sizeClass] = i + 1;
            keptLongs += length;
        }
        return a;
    }

    /** Makes every kept array available again; the signatures handed out before must no longer be used. */
    void reset() {
        Arrays.fill(taken, 0);
    }

    /** How many longs this set keeps (for tests). */
    int keptLongs() {
        return keptLongs;
    }

    /**
     * The sets of one rule set, shared by its transactions. A few slots (about two per processor): a transaction
     * takes any set lying in one or makes a new one; a set given back goes to a free slot or, when all are full, to
     * the collector. Thread-safe and lock-free.
     */
    public static final class Pool {

        private final AtomicReferenceArray<SignatureArrays> slots;

        public Pool() {
            this(Math.max(4, Math.min(64, 2 * Runtime.getRuntime().availableProcessors())));
        }

        Pool(int slots) {
            this.slots = new AtomicReferenceArray<>(slots);
        }

        /** A set for one transaction, which must {@link #release} it when it is done with its signatures. */
        public SignatureArrays acquire() {
            for (int i = 0; i < slots.length(); i++) {
                if (slots.get(i) != null) {
                    SignatureArrays a = slots.getAndSet(i, null);
                    if (a != null) {
                        return a;
                    }
                }
            }
            return new SignatureArrays();
        }

        /**
         * Gives a set back: every signature taken from it since {@link #acquire} becomes invalid, since the next
         * transaction overwrites them. Call once per acquire.
         */
        public void release(SignatureArrays arrays) {
            arrays.reset();
            for (int i = 0; i < slots.length(); i++) {
                if (slots.get(i) == null && slots.compareAndSet(i, null, arrays)) {
                    return;
                }
            }
        }
    }
}
