package dev.bulwark.waf.internal.engine;

/**
 * A transaction's {@link ValueMemo}s by value: an open-addressing table (linear probing, at most half full) rather
 * than a {@code HashMap}, which would add a node object per value to the fifty or so memos of a benign GET. Values
 * are compared by content; each string's hash is the one it caches. Not thread-safe; owned by one transaction.
 */
final class ValueMemos {

    private ValueMemo[] table = new ValueMemo[64];
    private int count;

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
        ValueMemo m = new ValueMemo(value);
        table[i] = m;
        if (++count > table.length / 2) {
            grow();
        }
        return m;
    }

    int size() {
        return count;
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
}
