package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.variables.Target;
import dev.bulwark.waf.internal.variables.Variable;
import java.util.Arrays;
import java.util.List;

/**
 * The values a rule inspects, as parallel arrays (variable, key or null, value, and the value's {@link ValueMemo}
 * once looked up), filled by {@link TargetValues}. Two uses: a buffer reused from rule to rule (no object per value),
 * and a frozen copy of one target's values that a transaction keeps for a phase, since every link with that target
 * inspects the same values ({@link #frozenCopy}). Both keep the union signatures of their values per transformation
 * chain, for the whole list and per part. The display name ({@code ARGS:q}) is built only for a value that matches
 * ({@link #name}). Not thread-safe.
 */
final class Candidates {

    private String[] variables;
    private String[] keys;
    private String[] values;
    /** Display names known when added ({@link #name}), else null. */
    private String[] names;
    private ValueMemo[] memos;
    /** The variable each value comes from, for exclusions applied after resolution ({@link #excluded}). */
    private Variable[] kinds;
    private Variable currentKind;
    /**
     * In a {@link #frozenCopy} whose values all come from one variable (or have no display name), the arrays above
     * are null and these stand for every value.
     */
    private String uniformVariable;
    private Variable uniformKind;
    private int size;

    /** How many unions to make room for at the first: as many as the rule set can ask for (see frozenCopy). */
    private int unionCapacity = 8;
    /**
     * Union signatures by transformation chain key ({@link #union}), until {@link #clear}: per key, the one of all
     * values, and the ones of its parts.
     */
    private int[] unionKeys;
    private long[][] wholeUnions;
    /** Per key, the unions of the parts ({@link #PART}); null until one is stored (lists of one part have none). */
    private long[][][] partUnions;
    private int unionCount;

    Candidates() {
        this(32);
    }

    /** Empty, with the shared empty arrays; for {@link #frozenCopy}, which replaces them at once. */
    private Candidates(String[] noStrings, ValueMemo[] noMemos, Variable[] noVariables) {
        variables = noStrings;
        keys = noStrings;
        values = noStrings;
        names = noStrings;
        memos = noMemos;
        kinds = noVariables;
    }

    Candidates(int capacity) {
        variables = new String[capacity];
        keys = new String[capacity];
        values = new String[capacity];
        names = new String[capacity];
        memos = new ValueMemo[capacity];
        kinds = new Variable[capacity];
    }

    /** The variable of the values {@link #add}ed from now on. */
    void startVariable(Variable v) {
        currentKind = v;
    }

    void add(String variable, String key, String value) {
        add(variable, key, value, null);
    }

    /** {@link #add(String, String, String)} with the display name, when the caller already has it. */
    void add(String variable, String key, String value, String name) {
        if (size == values.length) {
            int n = Math.max(4, size * 2);
            variables = Arrays.copyOf(variables, n);
            keys = Arrays.copyOf(keys, n);
            values = Arrays.copyOf(values, n);
            names = Arrays.copyOf(names, n);
            memos = Arrays.copyOf(memos, n);
            kinds = Arrays.copyOf(kinds, n);
        }
        kinds[size] = currentKind;
        variables[size] = variable;
        keys[size] = key;
        values[size] = value;
        names[size] = name;
        size++;
    }

    int size() {
        return size;
    }

    String value(int i) {
        return values[i];
    }

    /** The memo of value {@code i}, looked up in {@code tx} the first time. */
    ValueMemo memo(int i, TransactionState tx) {
        ValueMemo m = memos[i];
        if (m == null) {
            m = tx.memo(values[i]);
            memos[i] = m;
        }
        return m;
    }

    /**
     * Whether one of {@code exclusions} removes value {@code i}, as {@link TargetValues} would have left it out:
     * a whole variable, or a keyed entry (XML values are not excluded by key).
     */
    boolean excluded(int i, List<Target> exclusions) {
        Variable v = kinds == null ? uniformKind : kinds[i];
        String key = keys[i];
        for (int e = 0; e < exclusions.size(); e++) {
            Target x = exclusions.get(e);
            if (x.excludesWhole(v) || (key != null && v != Variable.XML && x.excludes(v, key))) {
                return true;
            }
        }
        return false;
    }

    /** Per exclusion list ({@link Rule#exclusionsId}), the values it removes, one bit each; null until asked. */
    private long[][] exclusionMasks;

    /**
     * The values {@code exclusions} (the list numbered {@code id} of {@code count}) remove, one bit per value, worked
     * out on first use and kept with these values.
     */
    long[] exclusionMask(int id, int count, List<Target> exclusions) {
        if (size == 0) {
            throw new IllegalStateException("no values to exclude");
        }
        if (exclusionMasks == null) {
            exclusionMasks = new long[count][];
        }
        long[] mask = exclusionMasks[id];
        if (mask == null) {
            mask = new long[(size + 63) >>> 6];
            for (int i = 0; i < size; i++) {
                if (excluded(i, exclusions)) {
                    mask[i >>> 6] |= 1L << i;
                }
            }
            exclusionMasks[id] = mask;
        }
        return mask;
    }

    /** The SecLang name of candidate {@code i}: {@code ARGS:q}, or {@code REQUEST_URI}. */
    String name(int i) {
        if (names != null && names[i] != null) {
            return names[i];
        }
        String variable = variables == null ? uniformVariable : variables[i];
        return keys[i] == null ? variable : variable + ":" + keys[i];
    }

    /** Drops the candidates from {@code from} on (of a buffer: a frozen copy never changes). */
    void truncate(int from) {
        if (variables == null || kinds == null || names == null) {
            throw new IllegalStateException("a frozen copy of candidates is not changed");
        }
        for (int i = from; i < size; i++) {
            variables[i] = null;
            keys[i] = null;
            values[i] = null;
            names[i] = null;
            memos[i] = null;
            kinds[i] = null;
        }
        size = from;
    }

    void clear() {
        truncate(0);
        for (int i = 0; i < unionCount; i++) {
            wholeUnions[i] = null;
        }
        partUnions = null;
        unionCount = 0;
        exclusionMasks = null;
    }

    private static final String[] NO_STRINGS = new String[0];
    private static final ValueMemo[] NO_MEMOS = new ValueMemo[0];
    private static final Variable[] NO_VARIABLES = new Variable[0];

    /**
     * The frozen copy of no values, shared by every transaction: nothing is ever stored in it (unions and exclusion
     * masks are only made for values, see {@link #storeUnion} and {@link #exclusionMask}).
     */
    private static final Candidates EMPTY = new Candidates(NO_STRINGS, NO_MEMOS, NO_VARIABLES);

    /** A copy sized to its content, to be kept while its values do not change. */
    Candidates frozenCopy(int unionCapacity) {
        if (size == 0) {
            return EMPTY; // most targets of a request have no value
        }
        Candidates c = new Candidates(NO_STRINGS, NO_MEMOS, NO_VARIABLES);
        c.unionCapacity = unionCapacity;
        // most targets have one variable and no display names known in advance: no array for those
        if (same(variables, size)) {
            c.variables = null;
            c.uniformVariable = variables[0];
        } else {
            c.variables = Arrays.copyOf(variables, size);
        }
        if (same(kinds, size)) {
            c.kinds = null;
            c.uniformKind = kinds[0];
        } else {
            c.kinds = Arrays.copyOf(kinds, size);
        }
        c.names = allNull(names, size) ? null : Arrays.copyOf(names, size);
        c.keys = Arrays.copyOf(keys, size);
        c.values = Arrays.copyOf(values, size);
        c.memos = Arrays.copyOf(memos, size);
        c.size = size;
        return c;
    }

    /** Whether the first {@code size} elements are one and the same object. */
    private static boolean same(Object[] a, int size) {
        for (int i = 1; i < size; i++) {
            if (a[i] != a[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allNull(Object[] a, int size) {
        for (int i = 0; i < size; i++) {
            if (a[i] != null) {
                return false;
            }
        }
        return true;
    }

    /** Values per part of a list, each part getting its own union signature ({@link #union}). */
    static final int PART = 16;

    /** Parts of the list: {@code ceil(size / PART)}. */
    int parts() {
        return (size + PART - 1) / PART;
    }

    /**
     * The union signature of the values after one transformation chain ({@code chainKey}), once {@link #storeUnion
     * stored}: of all of them ({@code part} -1) or of one part of {@link #PART} values. {@link #NO_UNION} when there
     * is none (a value is not a byte string); null when not computed.
     */
    long[] union(int chainKey, int part) {
        int i = unionIndex(chainKey);
        if (i < 0) {
            return null;
        }
        if (part < 0) {
            return wholeUnions[i];
        }
        return partUnions == null || partUnions[i] == null ? null : partUnions[i][part];
    }

    /** Neighbouring rules mostly share a transformation chain: the last key found is tried first. */
    private int lastUnionIndex;

    private int unionIndex(int chainKey) {
        if (lastUnionIndex < unionCount && unionKeys[lastUnionIndex] == chainKey) {
            return lastUnionIndex;
        }
        for (int i = 0; i < unionCount; i++) {
            if (unionKeys[i] == chainKey) {
                lastUnionIndex = i;
                return i;
            }
        }
        return -1;
    }

    static final long[] NO_UNION = new long[0];

    void storeUnion(int chainKey, int part, long[] signature) {
        if (size == 0) {
            throw new IllegalStateException("no values to unite");
        }
        int i = unionIndex(chainKey);
        if (i < 0) {
            if (unionKeys == null) {
                int capacity = Math.max(1, unionCapacity);
                unionKeys = new int[capacity];
                wholeUnions = new long[capacity][];
            } else if (unionCount == unionKeys.length) {
                unionKeys = Arrays.copyOf(unionKeys, unionCount * 2);
                wholeUnions = Arrays.copyOf(wholeUnions, unionCount * 2);
                if (partUnions != null) {
                    partUnions = Arrays.copyOf(partUnions, unionCount * 2);
                }
            }
            i = unionCount++;
            unionKeys[i] = chainKey;
        }
        if (part < 0) {
            wholeUnions[i] = signature;
            return;
        }
        if (partUnions == null) {
            partUnions = new long[unionKeys.length][][];
        }
        if (partUnions[i] == null) {
            partUnions[i] = new long[parts()][];
        }
        partUnions[i][part] = signature;
    }
}
