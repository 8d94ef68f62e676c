package dev.bulwark.waf.internal.libinjection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HtmlTokenizerTest {

    private static List<String> tokens(String input, HtmlStartContext context) {
        HtmlTokenizer t = new HtmlTokenizer(input, context);
        List<String> out = new ArrayList<>();
        while (t.next()) {
            out.add(t.type() + ":" + input.substring(t.start(), t.end()));
        }
        return out;
    }

    private static List<String> text(String input) {
        return tokens(input, HtmlStartContext.TEXT);
    }

    @Test
    void nextWhenElementThenTagAttributeTextAndEndTag() {
        assertEquals(List.of("TAG_NAME:a", "ATTRIBUTE_NAME:href", "ATTRIBUTE_VALUE:x", "TAG_END:>", "TEXT:t",
                "END_TAG_NAME:a"), text("<a href=\"x\">t</a>"));
    }

    @Test
    void nextWhenComparisonsThenLessThanIsTextOrTag() {
        assertEquals(List.of("TEXT:a", "TAG_NAME:b", "ATTRIBUTE_NAME:and", "ATTRIBUTE_NAME:c", "TAG_END:>",
                "TEXT:d"), text("a<b and c>d"));
        assertEquals(List.of("TEXT:1 ", "TEXT:<", "TEXT: 2"), text("1 < 2"));
        assertEquals(List.of("TEXT:<", "TEXT:3 you"), text("<3 you"));
    }

    @Test
    void nextWhenSlashBetweenAttributesThenSeparator() {
        assertEquals(List.of("TAG_NAME:svg", "ATTRIBUTE_NAME:onload", "ATTRIBUTE_VALUE:alert(1)", "TAG_END:>"),
                text("<svg/onload=alert(1)>"));
        assertEquals(List.of("TAG_NAME:br", "TAG_SELF_CLOSE:/>"), text("<br/>"));
    }

    @Test
    void nextWhenQuotesThenValuesWithoutQuotes() {
        assertEquals(List.of("TAG_NAME:a", "ATTRIBUTE_NAME:b", "ATTRIBUTE_VALUE:c", "TAG_END:>"), text("<a b=`c`>"));
        assertEquals(List.of("TAG_NAME:a", "ATTRIBUTE_NAME:x", "ATTRIBUTE_VALUE:1", "ATTRIBUTE_NAME:y",
                "ATTRIBUTE_VALUE:2", "TAG_END:>"), text("<a x='1'y=2>"));
        assertEquals(List.of("TAG_NAME:a", "ATTRIBUTE_NAME:href", "ATTRIBUTE_VALUE:jav"), text("<a href=\"jav"));
    }

    @Test
    void nextWhenAttributeNameStartsOddlyThenFirstCharBelongsToIt() {
        assertEquals(List.of("TAG_NAME:a", "ATTRIBUTE_NAME:=b", "TAG_END:>"), text("<a =b>"));
    }

    @Test
    void nextWhenCommentsThenBodies() {
        assertEquals(List.of("COMMENT: c ", "TEXT:x"), text("<!-- c -->x"));
        // "--!>" ends at its "-!>", so the body keeps one dash (as in libinjection); harmless for detection
        assertEquals(List.of("COMMENT:a-", "TEXT:b"), text("<!--a--!>b"));
        assertEquals(List.of("COMMENT:xml version=\"1.0\"?"), text("<?xml version=\"1.0\"?>"));
        assertEquals(List.of("COMMENT: x "), text("<% x %>"));
        assertEquals(List.of("COMMENT:ENTITY x \"y\""), text("<!ENTITY x \"y\">"));
        assertEquals(List.of("COMMENT: x"), text("</ x>"));
        assertEquals(List.of("COMMENT: open"), text("<!-- open"));
    }

    @Test
    void nextWhenDoctypeOrCdataThenTheirTokens() {
        assertEquals(List.of("DOCTYPE:DOCTYPE html"), text("<!doctype html>".replace("doctype", "DOCTYPE")));
        assertEquals(List.of("TEXT:<x>", "TEXT:y"), text("<![CDATA[<x>]]>y"));
    }

    @Test
    void nextWhenNulInTagNameThenKept() {
        assertEquals(List.of("TAG_NAME:scr\0ipt", "TAG_END:>"), text("<scr\0ipt>"));
    }

    @Test
    void nextWhenNulInAttributeThenSeparator() {
        assertEquals(List.of("TAG_NAME:a", "ATTRIBUTE_NAME:on", "ATTRIBUTE_NAME:click", "ATTRIBUTE_VALUE:x",
                "TAG_END:>"), text("<a on\0click=x>"));
    }

    @Test
    void nextWhenEndTagHasAttributesThenReadAsStartTag() {
        assertEquals(List.of("TAG_NAME:script", "ATTRIBUTE_NAME:x", "TAG_END:>"), text("</script x>"));
    }

    @Test
    void nextWhenEmptyEndTagThenDroppedAndNextTagIsStartTag() {
        assertEquals(List.of("TEXT:>", "TAG_NAME:b", "TAG_END:>"), text("</><b>"));
    }

    @Test
    void nextWhenStartedInsideQuotesThenValueFirst() {
        assertEquals(List.of("ATTRIBUTE_VALUE:x", "ATTRIBUTE_NAME:onclick", "ATTRIBUTE_VALUE:y"),
                tokens("x\" onclick=\"y", HtmlStartContext.DOUBLE_QUOTED_VALUE));
        assertEquals(List.of("ATTRIBUTE_VALUE:x\" onclick=\"y"),
                tokens("x\" onclick=\"y", HtmlStartContext.SINGLE_QUOTED_VALUE));
        assertEquals(List.of("ATTRIBUTE_NAME:x", "ATTRIBUTE_NAME:onclick", "ATTRIBUTE_VALUE:y"),
                tokens("x onclick=y", HtmlStartContext.UNQUOTED_VALUE));
    }

    @Test
    void nextWhenEmptyThenNoToken() {
        for (HtmlStartContext c : HtmlStartContext.values()) {
            HtmlTokenizer t = new HtmlTokenizer("", c);
            while (t.next()) {
                assertEquals(0, t.end() - t.start(), c + " produced a non-empty token from nothing");
            }
        }
    }

    /** Random inputs over the characters the tokenizer cares about: it always ends, with tokens inside the input. */
    @Test
    void nextWhenRandomInputThenTerminatesWithSaneSlices() {
        String alphabet = "<>/!?%-\"'`= \0\t\n\u000b\rabsvgonxmlDOCTYPE[CDATA]&#;:\u00ff";
        Random random = new Random(941100);
        for (int round = 0; round < 20_000; round++) {
            int len = random.nextInt(40);
            StringBuilder b = new StringBuilder(len);
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = b.toString();
            for (HtmlStartContext c : HtmlStartContext.values()) {
                HtmlTokenizer t = new HtmlTokenizer(input, c);
                int count = 0;
                int lastStart = 0;
                while (t.next()) {
                    count++;
                    assertTrue(count <= 2 * len + 2, () -> "too many tokens for " + escape(input));
                    assertTrue(0 <= t.start() && t.start() <= t.end() && t.end() <= len, () -> escape(input));
                    assertTrue(t.start() >= lastStart, () -> "went backwards on " + escape(input));
                    lastStart = t.start();
                }
            }
            XssDetector.isXss(input); // must not throw
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
