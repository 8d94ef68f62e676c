package dev.bulwark.waf.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueMemosTest {

    @Test
    void oneMemoPerDistinctValueThroughGrowth() {
        ValueMemos memos = new ValueMemos();
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
        ValueMemos memos = new ValueMemos();
        // "Aa" and "BB" have the same String hash code
        ValueMemo aa = memos.get("Aa");
        ValueMemo bb = memos.get("BB");
        assertNotSame(aa, bb);
        assertSame(aa, memos.get("Aa"));
        assertSame(bb, memos.get("BB"));
        assertEquals("", memos.get("").value());
        assertEquals(3, memos.size());
    }
}
