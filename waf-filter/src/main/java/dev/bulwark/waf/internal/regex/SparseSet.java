package dev.bulwark.waf.internal.regex;

/** A set of small ints with O(1) add and clear, remembering insertion order. */
final class SparseSet {
    private final int[] dense;
    private final int[] sparse;
    private int size;

    SparseSet(int capacity) {
        dense = new int[capacity];
        sparse = new int[capacity];
    }

    boolean add(int v) {
        int i = sparse[v];
        if (i < size && dense[i] == v) {
            return false;
        }
        sparse[v] = size;
        dense[size++] = v;
        return true;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return dense[i];
    }

    void clear() {
        size = 0;
    }
}
