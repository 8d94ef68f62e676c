package dev.bulwark.waf.internal.regex;

import java.util.Arrays;

/** A growable int array, used as a stack (push/pop) and as a list (add/toArray). */
final class IntList {
    private int[] items = new int[16];
    private int size;

    void push(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    void add(int v) {
        push(v);
    }

    int pop() {
        return items[--size];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    int[] toArray() {
        return Arrays.copyOf(items, size);
    }

    int[] toSortedArray() {
        int[] a = Arrays.copyOf(items, size);
        Arrays.sort(a);
        return a;
    }
}
