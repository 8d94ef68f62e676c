package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.transformations.Transformation;
import java.util.Arrays;

/**
 * A transaction's {@link ValueMemo}s by value, and the arrays their entries and applied steps live in.
 *
 * <p>The memos are found through an open-addressing table (linear probing, at most half full) rather than a
 * {@code HashMap}, which would add a node object per value. Their entries (a transformation result per chain
 * prefix) and applied steps (step, input, output) are appended to arrays all memos share, each linked to the same
 * memo's previous one: a memo's own arrays would grow one by one, and the copies and half-empty arrays were most
 * of what the memos allocated. The shared arrays start at the sizes a transaction of the rule set recently needed
 * ({@link Sizes}), so a run of similar requests allocates each of them once.
 *
 * <p>Values are compared by content; each string's hash is the one it caches. Not thread-safe; owned by one
 * transaction.
 */
final class ValueMemos {

    private ValueMemo[] table;
    private int count;

    /** Entry e (from 1): its prefix id, its previous entry in the same memo (0: none), text and signature. */
    int[] entryPrefix;
    int[] entryNext;
    Object[] entrySlots;
    private int entryCount = 1;

    /** Applied step i (from 0): step, input and output at 3i..3i+2, and the same memo's previous one (-1: none). */
    Object[] appliedSlots;
    int[] appliedNext;
    private int appliedCount;

    ValueMemos(Sizes sizes) {
        table = new ValueMemo[tableSize(sizes.memos)];
        // some room above the estimate: one entry too many would double the arrays
        int entries = sizes.entries + sizes.entries / 8 + 8;
        int applied = sizes.applied + sizes.applied / 8 + 8;
        entryPrefix = new int[entries];
        entryNext = new int[entries];
        entrySlots = new Object[2 * entries];
        appliedSlots = new Object[3 * applied];
        appliedNext = new int[applied];
    }

    private static int tableSize(int memos) {
        int size = 64;
        while (size < 2 * memos && size < (1 << 20)) {
            size <<= 1;
        }
        return size;
    }

    /** The memo of {@code value}, created on first sight. */
    ValueMemo get(String value) {
        int mask = table.length - 1;
        int i = spread(value.hashCode()) & mask;
        for (ValueMemo m; (m = table[i]) != null; i = (i + 1) & mask) {
            String known = m.value();
            if (known == value || known.equals(value)) {
                return m;
            }
        }
        ValueMemo m = new ValueMemo(value, this);
        table[i] = m;
        if (++count > table.length / 2) {
            grow();
        }
        return m;
    }

    int size() {
        return count;
    }

    /** Appends an entry linked to {@code previous}; returns its number. */
    int newEntry(int prefixId, String text, long[] signature, int previous) {
        int e = entryCount;
        if (e == entryPrefix.length) {
            int n = 2 * e;
            entryPrefix = Arrays.copyOf(entryPrefix, n);
            entryNext = Arrays.copyOf(entryNext, n);
            entrySlots = Arrays.copyOf(entrySlots, 2 * n);
        }
        entryPrefix[e] = prefixId;
        entryNext[e] = previous;
        entrySlots[2 * e] = text;
        entrySlots[2 * e + 1] = signature;
        entryCount = e + 1;
        return e;
    }

    /** Appends an applied step linked to {@code previous}; returns its number. */
    int newApplied(Transformation step, String input, String output, int previous) {
        int i = appliedCount;
        if (i == appliedNext.length) {
            int n = Math.max(16, 2 * i);
            appliedNext = Arrays.copyOf(appliedNext, n);
            appliedSlots = Arrays.copyOf(appliedSlots, 3 * n);
        }
        appliedSlots[3 * i] = step;
        appliedSlots[3 * i + 1] = input;
        appliedSlots[3 * i + 2] = output;
        appliedNext[i] = previous;
        appliedCount = i + 1;
        return i;
    }

    /** Tells {@code sizes} what this transaction used, for the next ones. */
    void report(Sizes sizes) {
        sizes.update(count, entryCount - 1, appliedCount);
    }

    /** Mixes the high bits in: string hashes of similar names differ mostly in their low bits anyway. */
    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private void grow() {
        ValueMemo[] old = table;
        table = new ValueMemo[old.length * 2];
        int mask = table.length - 1;
        for (ValueMemo m : old) {
            if (m != null) {
                int i = spread(m.value().hashCode()) & mask;
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = m;
            }
        }
    }

    /**
     * What a rule set's transactions recently needed (memos, entries, applied steps): a moving average, bounded so
     * that one huge request does not make every later one allocate for it. Shared by the rule set's transactions;
     * updates may race and lose one another, which only makes a later estimate a little off.
     */
    static final class Sizes {

        private static final int MAX_ENTRIES = 2048;

        private volatile int memos = 32;
        private volatile int entries = 64;
        private volatile int applied = 32;

        void update(int usedMemos, int usedEntries, int usedApplied) {
            memos = average(memos, usedMemos, 1024);
            entries = average(entries, usedEntries, MAX_ENTRIES);
            applied = average(applied, usedApplied, MAX_ENTRIES);
        }

        /** Moves 1/4 of the way to {@code used}, rounded up, within [16, max]. */
        private static int average(int current, int used, int max) {
            int next = current + (used - current + 3) / 4;
            return Math.max(16, Math.min(max, next));
        }
    }
}
