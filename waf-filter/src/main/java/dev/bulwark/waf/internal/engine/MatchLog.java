package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.RuleMatch;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The matches of one transaction in order. Matches are only ever appended, and an array that grows is replaced
 * rather than changed, so the verdict of each phase can hold a {@link #snapshot} of the matches so far without
 * copying them (a benign GET through CRS has about 65: every paranoia-level skip and initialisation rule matches).
 * Not thread-safe; snapshots are immutable and may be shared.
 */
public final class MatchLog {

    private RuleMatch[] items = new RuleMatch[128];
    private int size;

    void add(RuleMatch m) {
        if (size == items.length) {
            items = Arrays.copyOf(items, 2 * size); // earlier snapshots keep the old array, which no longer changes
        }
        items[size++] = m;
    }

    int size() {
        return size;
    }

    /** The matches so far, as an immutable list that later matches do not change. */
    List<RuleMatch> snapshot() {
        return size == 0 ? List.of() : new Snapshot(items, size);
    }

    /** An immutable view of the first matches of a log. */
    public static final class Snapshot extends AbstractList<RuleMatch> implements RandomAccess {

        private final RuleMatch[] items;
        private final int size;

        private Snapshot(RuleMatch[] items, int size) {
            this.items = items;
            this.size = size;
        }

        @Override
        public RuleMatch get(int index) {
            Objects.checkIndex(index, size);
            return items[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
