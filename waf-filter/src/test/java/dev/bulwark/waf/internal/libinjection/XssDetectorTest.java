package dev.bulwark.waf.internal.libinjection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XssDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // dangerous tags, any case, wherever they appear
        "<script>alert(1)</script>",
        "hello <ScRiPt src=//evil.example/x.js></script>",
        "<iframe src=//evil.example>",
        "<frameset onload=x>",
        "<object data=x.swf>",
        "<embed src=x.swf>",
        "<applet code=x>",
        "<base href=//evil.example/>",
        "<link rel=stylesheet href=x.css>",
        "<meta http-equiv=refresh content=0>",
        "<style>@import 'x'</style>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<isindex type=image src=1>",
        "<svg><g/onload=alert(1)//<p>",
        "<svg:svg>",
        "<xsl:stylesheet version=1.0>",
        "<xml id=x>",
        "<xss onbeforehellfreezes=alert(1)>",
        // NUL bytes inside a tag name
        "<scr\0ipt>alert(1)</script>",
        // event handlers, with or without a tag
        "<img src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<div onmouseover='alert(1)'>",
        "<p onclick=\"\">",
        "<a onclickx=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<x onpointerrawupdate=alert(1)>",
        "<x onwebkitanimationend=alert(1)>",
        // URLs that run script, also encoded or padded
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=' javascript:alert(1)'>",
        "<a href=\"&#106;avascript:alert(1)\">",
        "<a href=\"&#x6A;&#x61;vascript:alert(1)\">",
        "<a href=\"&#32;javascript:alert(1)\">",
        "<a href=\"ja\nvascript:alert(1)\">",
        "<a href=\"ja\tvascript:alert(1)\">",
        "<a href=\"VBScript:MsgBox(1)\">",
        "<iframe/src=\"data:text/html,<script>alert(1)</script>\">",
        "<a href=data:text/html;base64,PHNjcmlwdD4=>",
        "<a href=\"view-source:http://x\">",
        "<form action=javascript:alert(1)><input type=submit>",
        "<button formaction=javascript:alert(1)>x",
        "<video poster=javascript:alert(1)//></video>",
        "<table background=javascript:alert(1)>",
        "<img lowsrc=javascript:alert(1)>",
        // inline style, namespaces, XLink, data binding
        "<div style=\"background:url(x)\">",
        "<p style=x>",
        "<html xmlns:x=\"http://www.w3.org/1999/xhtml\">",
        "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x",
        "<span datasrc=#x datafld=y dataformatas=html>",
        // SVG animation naming a dangerous attribute
        "<animate attributeName=\"href\" values=\"x\">",
        "<set attributeName=onmouseover to=alert(1)>",
        // declarations and comments that browsers act on
        "<!DOCTYPE html>",
        "<!doctype x>",
        "<!--[if IE]><script>alert(1)</script><![endif]-->",
        "<!--[if gte IE 4]>x<![endif]-->",
        "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>",
        "<?import namespace=t implementation=#default#time2>",
        "<!ENTITY x SYSTEM \"file:///etc/passwd\">",
        "<!-- ` --><img src=x>",
        "<% ` %>",
        // end tags carrying attributes are read as start tags
        "</script x>",
        // a tag after a stray empty end tag
        "</><script>alert(1)</script>",
    })
    void isXssWhenAttackThenTrue(String attack) {
        assertTrue(XssDetector.isXss(attack), attack);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "this is not an XSS",
        "a<b and c>d",
        "if a < b and c > d then swap",
        "x<y",
        "5 > 3 and 2 < 4",
        "1<2",
        "<3 you",
        "<<>>",
        "<= >=",
        "for (i = 0; i < n; i++) { a[i] = b > c; }",
        "John Smith <john.smith@example.com>",
        "mail <a.b@c.d>, <e@f.g>",
        "onion",
        "online shopping",
        "onion=red",
        "ongoing=yes",
        "onboarding=done",
        "one=two&three=four",
        "on click=1",
        "https://example.com/path?a=1&b=2#frag",
        "http://example.com/search?q=script+tutorial",
        "<a href=\"https://example.com/\">link</a>",
        "<a href=/relative/path>x</a>",
        "<img src=\"/images/logo.png\" alt=\"logo\">",
        "<b>bold</b> and <i>italic</i>",
        "<p class=\"note\" title='a = b'>text</p>",
        "<table><tr><td>1</td></tr></table>",
        "<!-- a plain comment -->",
        "<?php echo 1; ?>",
        "<scripture>",
        "<script-free zone is fine?",
        "width=100&height=200&sort=asc",
        "x=1; y=2",
        "caf\u00e9 <\u00e9t\u00e9>",
        "Price <= 10 EUR & qty >= 2",
        "style guide",
        "my javascript book",
        "<a title=\"javascript:alert(1)\">",
        "<a href=\"jav\">",
    })
    void isXssWhenBenignThenFalse(String text) {
        assertFalse(XssDetector.isXss(text), text);
    }

    @Test
    void isXssWhenQuotedContextBreakoutThenOnlyThatContext() {
        String doubleQuoted = "x\" onmouseover=\"alert(1)";
        assertTrue(XssDetector.isXss(doubleQuoted, HtmlStartContext.DOUBLE_QUOTED_VALUE));
        assertFalse(XssDetector.isXss(doubleQuoted, HtmlStartContext.TEXT));
        assertTrue(XssDetector.isXss(doubleQuoted));

        String singleQuoted = "x' onfocus='alert(1)";
        assertTrue(XssDetector.isXss(singleQuoted, HtmlStartContext.SINGLE_QUOTED_VALUE));
        assertFalse(XssDetector.isXss(singleQuoted, HtmlStartContext.DOUBLE_QUOTED_VALUE));

        String backtick = "x` onfocus=`alert(1)";
        assertTrue(XssDetector.isXss(backtick, HtmlStartContext.BACKTICK_QUOTED_VALUE));

        String unquoted = "x onerror=alert(1)";
        assertTrue(XssDetector.isXss(unquoted, HtmlStartContext.UNQUOTED_VALUE));
        assertFalse(XssDetector.isXss(unquoted, HtmlStartContext.TEXT));
    }

    /** libinjection's judgement, kept for parity: in an unquoted value, {@code style=} with anything is an attack. */
    @Test
    void isXssWhenBareStyleAssignmentThenTrueAsLibinjection() {
        assertTrue(XssDetector.isXss("style=color:red"));
        assertTrue(XssDetector.isXss("href=data.html")); // "data" prefix, no colon needed
        assertTrue(XssDetector.isXss("<a href=\"java\">"));
    }

    @Test
    void isXssWhenEventAttributeHasNoValueThenFalse() {
        assertFalse(XssDetector.isXss("<a onclick>"));
        assertFalse(XssDetector.isXss("<a onclick="));
    }

    @Test
    void isDangerousTagIgnoresCaseAndNulButNotLength() {
        assertTrue(tag("SCRIPT"));
        assertTrue(tag("s\0cript"));
        assertTrue(tag("svgfoo"));
        assertFalse(tag("scrip"));
        assertFalse(tag("scripts"));
        assertFalse(tag("sv"));
        assertFalse(tag("img"));
    }

    @Test
    void attributeKindClassifies() {
        assertEquals(XssVocabulary.AttributeKind.ALWAYS, kind("onLoad"));
        assertEquals(XssVocabulary.AttributeKind.ALWAYS, kind("onloadx"));
        assertEquals(XssVocabulary.AttributeKind.ALWAYS, kind("xmlns:svg"));
        assertEquals(XssVocabulary.AttributeKind.ALWAYS, kind("XLINK:href"));
        assertEquals(XssVocabulary.AttributeKind.URL, kind("HREF"));
        assertEquals(XssVocabulary.AttributeKind.STYLE, kind("style"));
        assertEquals(XssVocabulary.AttributeKind.ATTRIBUTE_NAME, kind("attributeName"));
        assertEquals(XssVocabulary.AttributeKind.HARMLESS, kind("on"));
        assertEquals(XssVocabulary.AttributeKind.HARMLESS, kind("onion"));
        assertEquals(XssVocabulary.AttributeKind.HARMLESS, kind("hrefx"));
        assertEquals(XssVocabulary.AttributeKind.HARMLESS, kind("class"));
    }

    @Test
    void isDangerousUrlDecodesReferencesAndSkipsBlanks() {
        assertTrue(url("javascript:x"));
        assertTrue(url("\u00a0\u0001 JaVaScRiPt:x"));
        assertTrue(url("&#74;&#x41;&#X56;&#97;script:"));
        assertTrue(url("&#0000106avascript:")); // no semicolon, leading zeros
        assertTrue(url("&#x20;&#9;data:"));
        assertTrue(url("d\0a\0t\0a:"));
        assertFalse(url("jav"));
        assertFalse(url("https://example.com/javascript"));
        assertFalse(url("&#106"));            // "j" only
        assertFalse(url("&#x110000;avascript:")); // not a code point: "&" stays
        assertFalse(url("&#362;ava"));         // U+016A is not 'j'
        assertFalse(url("&jopf;avascript:"));  // named references are not decoded
    }

    @Test
    void isSuspiciousCommentNeedsKeywordAndLength() {
        assertTrue(comment("[IF IE]"));
        assertFalse(comment("[if"));
        assertTrue(comment("XML-stylesheet"));
        assertFalse(comment("xml"));
        assertTrue(comment("import"));
        assertTrue(comment("Entity x"));
        assertFalse(comment("impor"));
        assertFalse(comment("a [if]"));
    }

    private static boolean tag(String s) {
        return XssVocabulary.isDangerousTag(s, 0, s.length());
    }

    private static XssVocabulary.AttributeKind kind(String s) {
        return XssVocabulary.attributeKind(s, 0, s.length());
    }

    private static boolean url(String s) {
        return XssVocabulary.isDangerousUrl(s, 0, s.length());
    }

    private static boolean comment(String s) {
        return XssVocabulary.isSuspiciousComment(s, 0, s.length());
    }
}
