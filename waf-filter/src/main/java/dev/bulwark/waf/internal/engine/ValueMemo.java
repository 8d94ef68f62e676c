package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.regex.Regex;
import dev.bulwark.waf.internal.regex.SignatureArrays;
import dev.bulwark.waf.internal.transformations.CharClasses;
import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.transformations.Transformations;

/**
 * What a transaction has worked out about one distinct value: its transformation results (by transformation-prefix
 * id), the regex signature of each, and the verdict of the last rule link that looked at it. Equal values seen under
 * different names (a JSON key repeated in every array element, a header and a cookie) share one memo, so a rule whose
 * operator depends on the value alone looks at each distinct value once.
 *
 * <p>Entries are few per value (the chains that actually ran on it), so they are kept in small arrays searched
 * linearly: no map per value, no array sized by every prefix of the rule set. Entry 0 is the value itself.
 * Not thread-safe; owned by one transaction.
 */
final class ValueMemo {

    /** Entry of the untransformed value. */
    static final int RAW = 0;

    /** Marks a signature not computed yet ({@link Regex#signature} returns null for a non-byte string). */
    private static final long[] NOT_COMPUTED = new long[0];

    /** The value itself (entry {@link #RAW}) and its signature. */
    private final String raw;
    private long[] rawSignature = NOT_COMPUTED;
    /**
     * Entries 1.., made at the first transformation result that differs from the value (many values never get
     * one): entry e's prefix id at {@code prefixIds[e - 1]}, its text and signature at {@code slots[2(e - 1)]} and
     * {@code slots[2(e - 1) + 1]} (one array for both: half the array headers and copies).
     */
    private int[] prefixIds;
    private Object[] slots;
    /** Number of entries, {@link #RAW} included. */
    private int size = 1;
    private int lastEntry = -1;

    /**
     * Transformation steps applied to this value's texts: (step, input) → output, as triples in one array.
     * Different chains often apply the same transformation to the same text (most transformations leave a benign
     * value as it is, so many inputs are the value itself); each such step runs once.
     */
    private Object[] applied;
    private int appliedCount;
    /** The step found last: neighbouring rules often repeat a chain's first step. */
    private int lastApplied;

    /** The link evaluation whose verdict {@link #verdict} holds (see {@link TransactionState}); 0: none. */
    int evaluation;
    /** That evaluation's result on this value: the text that matched, or null when it did not match. */
    String verdict;

    ValueMemo(String value) {
        raw = value;
    }

    /** The entry holding the result of transformation prefix {@code prefixId}, or -1. */
    int entry(int prefixId) {
        // neighbouring rules mostly use the same transformations: try the last answer first
        if (lastEntry > 0 && prefixIds[lastEntry - 1] == prefixId) {
            return lastEntry;
        }
        for (int i = 1; i < size; i++) {
            if (prefixIds[i - 1] == prefixId) {
                lastEntry = i;
                return i;
            }
        }
        return -1;
    }

    /** Records the result of prefix {@code prefixId}; returns its entry. */
    int add(int prefixId, String text) {
        int slot = size - 1;
        if (prefixIds == null) {
            prefixIds = new int[4];
            slots = new Object[8];
        } else if (slot == prefixIds.length) {
            prefixIds = java.util.Arrays.copyOf(prefixIds, 2 * slot);
            slots = java.util.Arrays.copyOf(slots, 4 * slot);
        }
        prefixIds[slot] = prefixId;
        slots[2 * slot] = text;
        slots[2 * slot + 1] = NOT_COMPUTED;
        return size++;
    }

    /**
     * The transformations known to leave the value unchanged, as {@link
     * dev.bulwark.waf.internal.transformations.Transformations#bit} sets: a chain made only of these gives the value
     * itself, found without a look at any entry. Benign values are fixed points of most decoders.
     */
    private long unchangedBy;

    /** The value's {@link CharClasses}, once {@link #classified}. */
    private long classes;
    private boolean classified;

    /** The value's {@link CharClasses}; the first call also marks the transformations they cannot trigger. */
    long classes() {
        if (!classified) {
            classes = CharClasses.of(raw);
            unchangedBy |= Transformations.unchangedBy(classes);
            classified = true;
        }
        return classes;
    }

    /** Whether every transformation of {@code mask} is known to leave the value unchanged. */
    boolean unchangedByAll(long mask) {
        if (!classified) {
            classes();
        }
        return (mask & ~unchangedBy) == 0;
    }

    /**
     * {@code step} (whose bit is {@code stepBit}) applied to {@code input}, a text of this memo, computed once.
     */
    String apply(Transformation step, long stepBit, String input) {
        boolean isRaw = input == raw;
        if (isRaw && (unchangedBy & stepBit) != 0) {
            return input;
        }
        Object[] a = applied;
        int last = 3 * lastApplied;
        if (lastApplied < appliedCount && a[last] == step && a[last + 1] == input) {
            return (String) a[last + 2];
        }
        for (int i = appliedCount - 1; i >= 0; i--) {
            if (a[3 * i] == step && a[3 * i + 1] == input) {
                lastApplied = i;
                return (String) a[3 * i + 2];
            }
        }
        String output = step.apply(input);
        if (isRaw && output == input && stepBit != 0) {
            unchangedBy |= stepBit; // remembered as a bit, no entry needed
            return output;
        }
        if (a == null) {
            a = applied = new Object[12];
        } else if (3 * appliedCount == a.length) {
            a = applied = java.util.Arrays.copyOf(a, 2 * a.length);
        }
        a[3 * appliedCount] = step;
        a[3 * appliedCount + 1] = input;
        a[3 * appliedCount + 2] = output;
        appliedCount++;
        return output;
    }

    /** The value itself (the text of entry {@link #RAW}). */
    String value() {
        return raw;
    }

    String text(int entry) {
        return entry == RAW ? raw : (String) slots[2 * (entry - 1)];
    }

    /**
     * The signature of an entry's text, computed once; entries holding the same text instance (transformations
     * return their input when they change nothing) share it.
     */
    long[] signature(int entry, SignatureArrays arrays) {
        long[] sig = entry == RAW ? rawSignature : (long[]) slots[2 * entry - 1];
        if (sig != NOT_COMPUTED) {
            return sig;
        }
        String text = text(entry);
        for (int i = 0; i < size; i++) {
            // signatures fold ASCII case: t:lowercase of a text has the text's signature
            long[] known = i == RAW ? rawSignature : (long[]) slots[2 * i - 1];
            String other = text(i);
            if (known != NOT_COMPUTED && (other == text || equalFoldingAsciiCase(other, text))) {
                sig = known;
                break;
            }
        }
        if (sig == NOT_COMPUTED) {
            sig = Regex.signature(text, arrays);
        }
        if (entry == RAW) {
            rawSignature = sig;
        } else {
            slots[2 * entry - 1] = sig;
        }
        return sig;
    }

    /** Whether the texts are equal once ASCII letters are lower-cased (and only those, as signatures fold). */
    private static boolean equalFoldingAsciiCase(String a, String b) {
        int n = a.length();
        if (b.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && ((x | 0x20) != (y | 0x20) || !isAsciiLetter(x | 0x20))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(int c) {
        return c >= 'a' && c <= 'z';
    }
}
