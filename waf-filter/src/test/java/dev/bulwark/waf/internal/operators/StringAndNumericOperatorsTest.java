package dev.bulwark.waf.internal.operators;

import static dev.bulwark.waf.internal.operators.OperatorTestSupport.bytes;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.matches;
import static dev.bulwark.waf.internal.operators.OperatorTestSupport.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StringAndNumericOperatorsTest {

    @Test
    void withinWhenArgumentIsMacroThenExpandedOnEachEvaluation() throws Exception {
        Operator within = operator("within", "%{tx.allowed_methods}");
        RecordingContext getPost = RecordingContext.notCapturing().with("tx.allowed_methods", "GET HEAD POST");
        assertTrue(within.matches(getPost, "POST"));
        assertFalse(within.matches(getPost, "PUT"));
        assertTrue(within.matches(getPost, "T H"), "a substring test, as in ModSecurity");
        assertTrue(within.matches(getPost, ""), "an empty value is always within");
        RecordingContext putOnly = RecordingContext.notCapturing().with("TX.ALLOWED_METHODS", "PUT");
        assertTrue(within.matches(putOnly, "PUT"));
        assertFalse(within.matches(putOnly, "POST"));
        assertEquals(4, getPost.expansions());
    }

    @Test
    void streqWhenArgumentIsCaptureMacroThenComparesWithCurrentValue() throws Exception {
        Operator streq = operator("streq", "%{TX.2}");
        assertTrue(streq.matches(RecordingContext.notCapturing().with("tx.2", "abc"), "abc"));
        assertFalse(streq.matches(RecordingContext.notCapturing().with("tx.2", "abd"), "abc"));
        assertFalse(streq.matches(RecordingContext.notCapturing(), "abc"), "unset expands to empty");
        assertTrue(streq.matches(RecordingContext.notCapturing(), ""));
    }

    @Test
    void ltWhenArgumentIsMacroThenReadAsNumberEachTime() throws Exception {
        Operator lt = operator("lt", "%{tx.blocking_paranoia_level}");
        assertTrue(lt.matches(RecordingContext.notCapturing().with("tx.blocking_paranoia_level", "2"), "1"));
        assertFalse(lt.matches(RecordingContext.notCapturing().with("tx.blocking_paranoia_level", "1"), "1"));
        assertFalse(lt.matches(RecordingContext.notCapturing(), "1"), "unset reads as 0");
        assertTrue(lt.matches(RecordingContext.notCapturing(), "-1"));
    }

    @Test
    void endsWithWhenArgumentMixesTextAndMacroThenBothCount() throws Exception {
        Operator endsWith = operator("endsWith", ".%{request_headers.host}");
        RecordingContext ctx = RecordingContext.notCapturing().with("REQUEST_HEADERS.Host", "example.com");
        assertTrue(endsWith.matches(ctx, "www.example.com"));
        assertFalse(endsWith.matches(ctx, "badexample.com"));
    }

    @Test
    void constantArgumentWhenEvaluatedThenNeverExpanded() throws Exception {
        RecordingContext ctx = RecordingContext.notCapturing();
        for (String name : new String[] {"beginsWith", "contains", "containsWord", "endsWith", "streq", "within",
                "eq", "ge", "gt", "le", "lt"}) {
            operator(name, "5").matches(ctx, "5");
        }
        assertEquals(0, ctx.expansions());
    }

    @Test
    void emptyArgumentWhenStringOperatorsThenAsInModSecurity() throws Exception {
        assertTrue(matches("beginsWith", "", "x"));
        assertTrue(matches("endsWith", "", "x"));
        assertTrue(matches("contains", "", "x"));
        assertTrue(matches("containsWord", "", "x"));
        assertFalse(matches("streq", "", "x"));
        assertFalse(matches("within", "", "x"));
    }

    @Test
    void stringOperatorsWhenCaseDiffersThenNoMatch() throws Exception {
        assertFalse(matches("beginsWith", "GET", "get /"));
        assertFalse(matches("contains", "Admin", "/admin"));
        assertFalse(matches("endsWith", ".PDF", "a.pdf"));
        assertFalse(matches("streq", "POST", "post"));
    }

    @Test
    void containsWordWhenNeighboursAreWordCharsThenNoMatch() throws Exception {
        assertTrue(matches("containsWord", "select", "1 select 2"));
        assertTrue(matches("containsWord", "select", "select"));
        assertTrue(matches("containsWord", "select", "(select)"));
        assertFalse(matches("containsWord", "select", "selected"));
        assertFalse(matches("containsWord", "select", "_select"));
        assertFalse(matches("containsWord", "select", "select9"));
        assertTrue(matches("containsWord", "select", "selected select"), "a later whole word still counts");
        assertTrue(matches("containsWord", "select", bytes(0xe9) + "select"), "Latin-1 letters are not word chars");
        assertTrue(matches("containsWord", "def", "abc\0def ghi"));
    }

    @Test
    void numbersWhenTextIsNotCleanThenReadLikeAtoi() throws Exception {
        assertTrue(matches("eq", "12", "  12abc"));
        assertTrue(matches("eq", "0", "abc"));
        assertTrue(matches("eq", "0", ""));
        assertTrue(matches("eq", "-5", "-5"));
        assertTrue(matches("eq", "7", "+7"));
        assertTrue(matches("eq", "0", "- 5"), "a sign without digits is 0");
        assertTrue(matches("eq", "3", "\t\n\u000b\f\r 3"), "C white space is skipped");
        assertFalse(matches("eq", "3", bytes(0xa0) + "3"), "a Latin-1 no-break space is not white space in C");
    }

    @Test
    void numbersWhenHugeThenSaturateInsteadOfWrapping() throws Exception {
        assertTrue(matches("gt", "1000", "4294967297"), "C would wrap this to 1 on 32-bit int");
        assertTrue(matches("gt", "9223372036854775806", "99999999999999999999999"));
        assertTrue(matches("lt", "-9223372036854775807", "-99999999999999999999999"));
        assertTrue(matches("eq", "9223372036854775807", "9223372036854775808"));
    }

    @Test
    void comparisonsWhenEqualOrAroundThenEachOperatorAnswersItsRelation() throws Exception {
        String[] names = {"eq", "ge", "gt", "le", "lt"};
        boolean[][] expected = {
            // value 4, 5, 6 against argument 5
            {false, true, false}, {false, true, true}, {false, false, true}, {true, true, false},
            {true, false, false}};
        for (int i = 0; i < names.length; i++) {
            for (int v = 4; v <= 6; v++) {
                assertEquals(expected[i][v - 4], matches(names[i], "5", Integer.toString(v)), names[i] + " " + v);
            }
        }
    }

    @Test
    void toStringWhenBuiltThenPrintsSecLangForm() throws Exception {
        assertEquals("@within %{tx.allowed_methods}", operator("within", "%{tx.allowed_methods}").toString());
        assertEquals("@lt 2", operator("lt", "2").toString());
        assertEquals("@ipMatch 127.0.0.1,::1", operator("ipMatch", "127.0.0.1,::1").toString());
        assertEquals("@pm a b", operator("pm", "a b").toString());
        assertEquals("@verifyCC \\d{16}", operator("verifyCC", "\\d{16}").toString());
        assertEquals("@unconditionalMatch", operator("unconditionalMatch", "").toString());
    }

    @Test
    void strmatchWhenHexOrEscapesThenDecodedOnceAtLoad() throws Exception {
        assertTrue(matches("strmatch", "|00|", "a\0b"));
        assertTrue(matches("strmatch", "a\\:b", "xa:b"));
        assertFalse(matches("strmatch", "ABC", "abc"), "case-sensitive");
        assertTrue(matches("strmatch", "%{tx.x}", "literal %{tx.x}"), "no macro expansion");
        assertEquals("@strmatch needs a non-empty text", OperatorTestSupport.loadError("strmatch", ""));
        assertTrue(OperatorTestSupport.loadError("strmatch", "a\\nb").contains("unsupported escape"));
    }

    @Test
    void constantOperatorsWhenAnyInputThenFixedAnswer() throws Exception {
        assertTrue(matches("unconditionalMatch", "whatever", ""));
        assertFalse(matches("noMatch", "whatever", "whatever"));
    }
}
