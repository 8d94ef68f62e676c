package dev.bulwark.waf.internal.operators;

import static dev.bulwark.waf.internal.operators.OperatorTestSupport.loadError;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.matches;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RxTest {

    private static RecordingContext capture(Operator op, String value, boolean expected) {
        RecordingContext ctx = RecordingContext.capturing();
        assertEquals(expected, op.matches(ctx, value));
        return ctx;
    }

    @Test
    void captureWhenGroupsMatchThenWholeMatchAndGroupsGoToTx() throws Exception {
        RecordingContext ctx = capture(operator("rx", "(\\w+)=(\\d+)"), "a b=12 c=3", true);
        assertEquals(List.of(0, 1, 2), ctx.captureIndexes());
        assertEquals(List.of("b=12", "b", "12"), ctx.captures());
    }

    @Test
    void captureWhenMiddleGroupDidNotTakePartThenItReadsEmpty() throws Exception {
        RecordingContext ctx = capture(operator("rx", "(a)(x)?(c)"), "ac", true);
        assertEquals(List.of("ac", "a", "", "c"), ctx.captures());
    }

    @Test
    void captureWhenTrailingGroupsDidNotTakePartThenTheyAreNotSet() throws Exception {
        RecordingContext ctx = capture(operator("rx", "(a)|(b)"), "a", true);
        assertEquals(List.of(0, 1), ctx.captureIndexes(), "TX:2 stays unset (the engine clears old captures)");
    }

    @Test
    void captureWhenMoreThanNineGroupsThenOnlyTxZeroToNine() throws Exception {
        RecordingContext ctx = capture(operator("rx", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)"), "abcdefghijk", true);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ctx.captureIndexes());
        assertEquals("i", ctx.tx(9));
    }

    @Test
    void captureWhenNoMatchThenNothingSet() throws Exception {
        assertTrue(capture(operator("rx", "(z)"), "abc", false).captures().isEmpty());
    }

    @Test
    void captureWhenDisabledThenNothingSet() throws Exception {
        // RecordingContext fails the test if setCapture is called while capture is off
        assertTrue(operator("rx", "(a)").matches(RecordingContext.notCapturing(), "a"));
        assertTrue(operator("rxGlobal", "(a)").matches(RecordingContext.notCapturing(), "aaa"));
    }

    @Test
    void patternWhenBytesAndNewlinesThenMatchedAsPcreWould() throws Exception {
        assertTrue(matches("rx", "a.b", "a\nb"), "dot matches newline");
        assertFalse(matches("rx", "^b", "a\nb"), "no multiline anchors");
        assertTrue(matches("rx", "\\xe9", OperatorTestSupport.bytes(0xe9)));
        assertFalse(matches("rx", "(?i)\\xe9", OperatorTestSupport.bytes(0xc9)), "ASCII-only case folding");
    }

    @Test
    void patternWhenUnsupportedOrMacroThenLoadError() {
        assertTrue(loadError("rx", "<\\?(?!xml)").startsWith("@rx: invalid regular expression"));
        assertTrue(loadError("rx", "(a)\\1").startsWith("@rx: invalid regular expression"));
        assertTrue(loadError("rx", "%{tx.pattern}").contains("does not expand macros"));
        assertTrue(loadError("rxGlobal", "(").startsWith("@rxGlobal: invalid regular expression"));
    }

    @Test
    void rxGlobalWhenSeveralMatchesThenGroupsOfEachContinueTheNumbering() throws Exception {
        RecordingContext ctx = capture(operator("rxGlobal", "(\\d)(\\d)"), "12x34", true);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), ctx.captureIndexes());
        assertEquals(List.of("12", "1", "2", "34", "3", "4"), ctx.captures());
    }

    @Test
    void rxGlobalWhenMoreThanTenValuesThenStopsAtTxNine() throws Exception {
        RecordingContext ctx = capture(operator("rxGlobal", "\\d"), "0123456789abc12", true);
        assertEquals(10, ctx.captures().size());
        assertEquals("9", ctx.tx(9));
    }

    @Test
    void rxGlobalWhenPatternCanMatchEmptyThenEmptyMatchesAreCapturedToo() throws Exception {
        RecordingContext ctx = capture(operator("rxGlobal", "[a-z]*"), "aaa0bbb", true);
        assertEquals(List.of("aaa", "", "bbb", ""), ctx.captures());
        assertEquals(List.of("", ""), capture(operator("rxGlobal", "([a-z]*)"), "", true).captures());
    }

    @Test
    void rxGlobalWhenNoMatchThenFalseWithAndWithoutCapture() throws Exception {
        assertTrue(capture(operator("rxGlobal", "z"), "abc", false).captures().isEmpty());
        assertFalse(matches("rxGlobal", "z", "abc"));
    }
}
