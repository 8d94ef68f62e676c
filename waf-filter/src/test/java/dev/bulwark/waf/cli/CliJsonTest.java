package dev.bulwark.waf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Json}: byte strings in and out, and refusal of what is not JSON. */
class CliJsonTest {

    @Test
    void byteEscapesComeBackAsTheBytes() throws Exception {
        Object v = Json.parse("\"caf\\u00c3\\u00a9 \\u0000\\u00ff\\u007f\\n\\\"\\\\\\/\"");
        assertEquals("caf\u00c3\u00a9 \u0000\u00ff\u007f\n\"\\/", v);
    }

    @Test
    void escapesAboveOneByteBecomeUtf8Bytes() throws Exception {
        assertEquals("\u00e2\u0082\u00ac", Json.parse("\"\\u20ac\""), "euro sign");
        assertEquals("\u00f0\u009f\u0098\u0080", Json.parse("\"\\ud83d\\ude00\""), "a surrogate pair is one character");
        assertEquals("\u00ed\u00a0\u00bdx", Json.parse("\"\\ud83dx\""), "a lone surrogate is encoded as it is");
    }

    @Test
    void rawBytesStayBytes() throws Exception {
        // the file is read as ISO-8859-1, so raw UTF-8 arrives as its bytes and stays so
        assertEquals("\u00c3\u00a9", Json.parse("\"\u00c3\u00a9\""));
    }

    @Test
    void everyByteRoundTripsAsAscii() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c <= 0xff; c++) {
            all.append(c);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("v", all.toString());
        o.put("n", 12L);
        o.put("list", List.of(true, "x"));
        o.put("none", null);
        for (boolean indent : new boolean[] {false, true}) {
            String text = Json.write(o, indent);
            for (char c : text.toCharArray()) {
                assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), "ASCII only: " + (int) c);
            }
            Map<String, Object> back = Json.object(text);
            assertEquals(all.toString(), back.get("v"));
            assertEquals(new BigDecimal(12), back.get("n"));
            assertEquals(List.of(true, "x"), back.get("list"));
            assertTrue(back.containsKey("none") && back.get("none") == null);
        }
    }

    @Test
    void numbers() throws Exception {
        assertEquals(new BigDecimal("1.1"), Json.parse("1.1"));
        assertEquals(new BigDecimal("-20"), Json.parse(" -20 "));
        assertEquals(new BigDecimal("2E+3"), Json.parse("2e3"));
    }

    @Test
    void malformedTextIsRefusedWithAColumn() {
        for (String bad : List.of("", "{", "{\"a\":1", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "\"ab", "\"a\u0001\"",
                "\"\\x41\"", "\"\\u12\"", "01", "1.", "-", "tru", "{} x", "{a:1}", "nul")) {
            Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("at column") || bad.isEmpty(), e.getMessage());
        }
    }

    @Test
    void deepNestingIsRefusedNotACrash() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }

    @Test
    void objectRequiresAnObject() {
        assertThrows(Json.SyntaxException.class, () -> Json.object("[1]"));
    }
}
