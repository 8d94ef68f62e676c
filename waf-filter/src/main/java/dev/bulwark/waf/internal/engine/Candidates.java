package dev.bulwark.waf.internal.engine;

/**
 * The values a rule inspects, as three parallel arrays (variable, key or null, value), filled by
 * {@link TargetValues} and reused from rule to rule: no object per value. The display name ({@code ARGS:q}) is built
 * only for a value that matches ({@link #name}). Not thread-safe; one per nesting level of a transaction.
 */
final class Candidates {

    private String[] variables;
    private String[] keys;
    private String[] values;
    private int size;

    Candidates() {
        this(32);
    }

    Candidates(int capacity) {
        variables = new String[capacity];
        keys = new String[capacity];
        values = new String[capacity];
    }

    void add(String variable, String key, String value) {
        if (size == values.length) {
            int n = size * 2;
            variables = java.util.Arrays.copyOf(variables, n);
            keys = java.util.Arrays.copyOf(keys, n);
            values = java.util.Arrays.copyOf(values, n);
        }
        variables[size] = variable;
        keys[size] = key;
        values[size] = value;
        size++;
    }

    int size() {
        return size;
    }

    String value(int i) {
        return values[i];
    }

    /** The SecLang name of candidate {@code i}: {@code ARGS:q}, or {@code REQUEST_URI}. */
    String name(int i) {
        return keys[i] == null ? variables[i] : variables[i] + ":" + keys[i];
    }

    /** Drops the candidates from {@code from} on. */
    void truncate(int from) {
        for (int i = from; i < size; i++) {
            variables[i] = null;
            keys[i] = null;
            values[i] = null;
        }
        size = from;
    }

    void clear() {
        truncate(0);
    }
}
