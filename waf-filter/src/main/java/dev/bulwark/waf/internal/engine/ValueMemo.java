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
 * <p>Entries are few per value (the chains that actually ran on it), so they are searched linearly: no map per
 * value, no array sized by every prefix of the rule set. They live in arrays the transaction's memos share
 * ({@link ValueMemos}), linked per memo, so a memo has no arrays of its own to grow. Entry 0 is the value itself.
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
    /** Where this memo's entries and applied steps live, with those of the transaction's other memos. */
    private final ValueMemos store;
    /**
     * The newest of this memo's entries in the {@link #store} (0: none), made at the first transformation result
     * that differs from the value: many values never get one. Each links to the one made before it.
     */
    private int entryHead;
    private int lastEntry;
    /** Bit {@code prefixId % 32} of every entry's prefix: most look-ups of a missing prefix end here. */
    private int entryPrefixes;

    /**
     * The newest of this memo's applied steps in the {@link #store} ((step, input) → output), or -1. Different
     * chains often apply the same transformation to the same text (most transformations leave a benign value as it
     * is, so many inputs are the value itself); each such step runs once.
     */
    private int appliedHead = -1;
    /** The {@link Transformations#bit}s of the applied steps: most look-ups of a step not applied end here. */
    private long appliedSteps;
    /** The step found last: neighbouring rules often repeat a chain's first step. */
    private int lastApplied = -1;

    /** The link evaluation whose verdict {@link #verdict} holds (see {@link TransactionState}); 0: none. */
    int evaluation;
    /** That evaluation's result on this value: the text that matched, or null when it did not match. */
    String verdict;

    /** A memo of {@code value}; {@link ValueMemos#get} makes them. */
    ValueMemo(String value, ValueMemos store) {
        raw = value;
        this.store = store;
    }

    /** The entry holding the result of transformation prefix {@code prefixId}, or -1. */
    int entry(int prefixId) {
        if ((entryPrefixes & 1 << prefixId) == 0) {
            return -1;
        }
        int[] prefixes = store.entryPrefix;
        // neighbouring rules mostly use the same transformations: try the last answer first
        if (lastEntry > 0 && prefixes[lastEntry] == prefixId) {
            return lastEntry;
        }
        int[] next = store.entryNext;
        for (int e = entryHead; e != 0; e = next[e]) {
            if (prefixes[e] == prefixId) {
                lastEntry = e;
                return e;
            }
        }
        return -1;
    }

    /** Records the result of prefix {@code prefixId}; returns its entry. */
    int add(int prefixId, String text) {
        entryHead = store.newEntry(prefixId, text, NOT_COMPUTED, entryHead);
        entryPrefixes |= 1 << prefixId;
        return entryHead;
    }

    /**
     * The transformations known to leave the value unchanged, as {@link
     * dev.bulwark.waf.internal.transformations.Transformations#bit} sets: a chain made only of these gives the value
     * itself, found without a look at any entry. Benign values are fixed points of most decoders.
     */
    private long unchangedBy;

    /** Marks {@link #classes} not worked out yet (no set of {@link CharClasses} has bit 63). */
    private static final long UNCLASSIFIED = Long.MIN_VALUE;

    /** The value's {@link CharClasses}, or {@link #UNCLASSIFIED}. */
    private long classes = UNCLASSIFIED;

    /** The value's {@link CharClasses}; the first call also marks the transformations they cannot trigger. */
    long classes() {
        if (classes == UNCLASSIFIED) {
            classes = CharClasses.of(raw);
            unchangedBy |= Transformations.unchangedBy(classes);
        }
        return classes;
    }

    /** Whether every transformation of {@code mask} is known to leave the value unchanged. */
    boolean unchangedByAll(long mask) {
        if (classes == UNCLASSIFIED) {
            classes();
        }
        return (mask & ~unchangedBy) == 0;
    }

    /**
     * {@code step} (whose bit is {@code stepBit}) applied to {@code input}, a text of this memo, computed once.
     */
    String apply(Transformation step, long stepBit, String input) {
        boolean isRaw = input == raw;
        if (isRaw ? (unchangedBy & stepBit) != 0 : stepBit != 0 && leftAsItIs(input, stepBit)) {
            return input;
        }
        Object[] a = store.appliedSlots;
        if (stepBit != 0 && (appliedSteps & stepBit) == 0) {
            return applyNew(step, stepBit, input, isRaw);
        }
        if (lastApplied >= 0 && a[3 * lastApplied] == step && a[3 * lastApplied + 1] == input) {
            return (String) a[3 * lastApplied + 2];
        }
        int[] next = store.appliedNext;
        for (int i = appliedHead; i >= 0; i = next[i]) {
            if (a[3 * i] == step && a[3 * i + 1] == input) {
                lastApplied = i;
                return (String) a[3 * i + 2];
            }
        }
        return applyNew(step, stepBit, input, isRaw);
    }

    /**
     * The text other than the value that a step was last asked of, and the transformations its char classes show
     * to leave it as it is. The steps of a chain mostly take the same text one after the other (t:base64Decode's
     * output, then t:urlDecodeUni, t:jsDecode and t:removeWhitespace of it, which most such texts give back), so one
     * scan of it settles them all without running them.
     */
    private String classifiedText;
    private long classifiedUnchangedBy;

    /** Whether the char classes of {@code text} (not the value itself) show that step {@code stepBit} leaves it. */
    private boolean leftAsItIs(String text, long stepBit) {
        if (text != classifiedText) {
            classifiedUnchangedBy = Transformations.unchangedBy(CharClasses.of(text));
            classifiedText = text;
        }
        return (classifiedUnchangedBy & stepBit) != 0;
    }

    private String applyNew(Transformation step, long stepBit, String input, boolean isRaw) {
        String output = step.apply(input);
        if (isRaw && output == input && stepBit != 0) {
            unchangedBy |= stepBit; // remembered as a bit, no entry needed
            return output;
        }
        appliedHead = store.newApplied(step, input, output, appliedHead);
        appliedSteps |= stepBit;
        return output;
    }

    /** The value itself (the text of entry {@link #RAW}). */
    String value() {
        return raw;
    }

    String text(int entry) {
        return entry == RAW ? raw : (String) store.entrySlots[2 * entry];
    }

    /**
     * The signature of an entry's text, computed once; entries holding the same text instance (transformations
     * return their input when they change nothing) share it.
     */
    long[] signature(int entry, SignatureArrays arrays) {
        long[] sig = entry == RAW ? rawSignature : (long[]) store.entrySlots[2 * entry + 1];
        if (sig != NOT_COMPUTED) {
            return sig;
        }
        String text = text(entry);
        // signatures fold ASCII case: t:lowercase of a text has the text's signature
        if (rawSignature != NOT_COMPUTED && (raw == text || equalFoldingAsciiCase(raw, text))) {
            sig = rawSignature;
        } else {
            Object[] slots = store.entrySlots;
            int[] next = store.entryNext;
            for (int e = entryHead; e != 0; e = next[e]) {
                long[] known = (long[]) slots[2 * e + 1];
                String other = (String) slots[2 * e];
                if (known != NOT_COMPUTED && (other == text || equalFoldingAsciiCase(other, text))) {
                    sig = known;
                    break;
                }
            }
        }
        if (sig == NOT_COMPUTED) {
            sig = Regex.signature(text, arrays);
        }
        if (entry == RAW) {
            rawSignature = sig;
        } else {
            store.entrySlots[2 * entry + 1] = sig;
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
