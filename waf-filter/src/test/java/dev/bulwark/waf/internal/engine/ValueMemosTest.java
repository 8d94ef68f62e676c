package dev.bulwark.waf.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueMemosTest {

    @Test
    void oneMemoPerDistinctValueThroughGrowth() {
        ValueMemos memos = new ValueMemos(new ValueMemos.Sizes());
        List<ValueMemo> first = new ArrayList<>();
        int n = 1000; // many times the initial table, so it grows several times
        for (int i = 0; i < n; i++) {
            first.add(memos.get("value-" + i));
        }
        assertEquals(n, memos.size());
        for (int i = 0; i < n; i++) {
            // an equal string that is another instance finds the same memo
            ValueMemo again = memos.get(new String("value-" + i));
            assertSame(first.get(i), again);
            assertEquals("value-" + i, again.value());
        }
        assertEquals(n, memos.size());
    }

    @Test
    void valuesWithEqualHashesStayApart() {
        ValueMemos memos = new ValueMemos(new ValueMemos.Sizes());
        // "Aa" and "BB" have the same String hash code
        ValueMemo aa = memos.get("Aa");
        ValueMemo bb = memos.get("BB");
        assertNotSame(aa, bb);
        assertSame(aa, memos.get("Aa"));
        assertSame(bb, memos.get("BB"));
        assertEquals("", memos.get("").value());
        assertEquals(3, memos.size());
    }

    @Test
    void entriesAndStepsOfInterleavedMemosStayWithTheirMemoThroughGrowth() {
        ValueMemos memos = new ValueMemos(new ValueMemos.Sizes()); // small shared arrays: they grow several times below
        ValueMemo a = memos.get("alpha");
        ValueMemo b = memos.get("beta");
        for (int prefix = 0; prefix < 300; prefix++) {
            assertEquals(-1, a.entry(prefix));
            a.add(prefix, "a" + prefix);
            b.add(prefix, "b" + prefix);
        }
        for (int prefix = 0; prefix < 300; prefix++) {
            assertEquals("a" + prefix, a.text(a.entry(prefix)));
            assertEquals("b" + prefix, b.text(b.entry(prefix)));
        }
        assertEquals(-1, a.entry(300));
        // unregistered steps (no bit): every look-up walks the memo's own steps
        List<dev.bulwark.waf.internal.transformations.Transformation> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String suffix = "-" + i;
            steps.add(new dev.bulwark.waf.internal.transformations.Transformation() {
                @Override
                public String name() {
                    return "suffix" + suffix;
                }

                @Override
                public String apply(String value) {
                    return value + suffix;
                }
            });
        }
        List<String> fromA = new ArrayList<>();
        List<String> fromB = new ArrayList<>();
        for (var step : steps) {
            fromA.add(a.apply(step, 0, a.value()));
            fromB.add(b.apply(step, 0, b.value()));
        }
        for (int i = 0; i < steps.size(); i++) {
            // the very string made the first time: the step did not run again
            assertSame(fromA.get(i), a.apply(steps.get(i), 0, a.value()));
            assertSame(fromB.get(i), b.apply(steps.get(i), 0, b.value()));
            assertEquals("alpha-" + i, fromA.get(i));
        }
    }

    @Test
    void sizesFollowWhatTransactionsUseWithinBounds() {
        ValueMemos.Sizes sizes = new ValueMemos.Sizes();
        for (int i = 0; i < 50; i++) {
            sizes.update(40, 276, 182);
        }
        ValueMemos memos = new ValueMemos(sizes);
        assertTrue(memos.entryPrefix.length > 276 && memos.entryPrefix.length < 400, "" + memos.entryPrefix.length);
        assertTrue(memos.appliedNext.length > 182 && memos.appliedNext.length < 300, "" + memos.appliedNext.length);
        for (int i = 0; i < 50; i++) {
            sizes.update(1_000_000, 1_000_000, 1_000_000); // one huge request after another
        }
        memos = new ValueMemos(sizes);
        assertTrue(memos.entryPrefix.length < 3000, "bounded: " + memos.entryPrefix.length);
    }
}
