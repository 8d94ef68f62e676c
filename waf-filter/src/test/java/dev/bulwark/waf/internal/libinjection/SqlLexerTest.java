package dev.bulwark.waf.internal.libinjection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlLexerTest {

    /** The tokens of {@code input} as "kind:text" joined by spaces. */
    private static String tokens(String input, SqlContext context) {
        SqlLexer lexer = new SqlLexer(input, context);
        SqlToken token = new SqlToken();
        List<String> out = new ArrayList<>();
        while (lexer.next(token)) {
            out.add(token.type + ":" + token.text());
        }
        return String.join(" ", out);
    }

    private static String bare(String input) {
        return tokens(input, SqlContext.BARE_ANSI);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1 OR 1=1        | 1:1 &:OR 1:1 o:= 1:1",
        "0x1F            | 1:0x1F",
        "0x              | n:0x",
        "0b101           | 1:0b101",
        "1.5e10          | 1:1.5e10",
        ".5              | 1:.5",
        ".               | .:.",
        "123FROM         | 1:123 k:FROM",
        "1fUNION         | 1:1f U:UNION",
        "$1,000.00       | 1:$1,000.00",
        "\\N             | 1:\\N",
        "b'01'           | 1:b'01'",
        "x'AF'           | 1:x'AF'",
        "<=>             | o:<=>",
        "&&              | &:&&",
        ":=              | o::=",
        "a:b             | n:a ::: n:b",
        "SELECT.1        | E:SELECT 1:.1",
        "x.y.z           | n:x.y.z",
        "@@version       | v:version",
        "@a=1            | v:a o:= 1:1",
        "union all       | U:union n:all",
        "DBMS_LOCK.SLEEP(5) | f:DBMS_LOCK.SLEEP (:( 1:5 ):)",
    })
    void barewordsNumbersOperatorsAndVariables(String input, String expected) {
        assertEquals(expected, bare(input));
    }

    @Test
    void numberWithExponentMarkButNoDigitsIsSkippedLikeMySqlDoes() {
        assertEquals("(:( 1:1 ):)", bare("1.e(1)"));
    }

    @Test
    void stringsKeepEscapedAndDoubledQuotes() {
        assertEquals("s:ab\\'c", bare("'ab\\'c'"));
        assertEquals("s:ab''c", bare("'ab''c'"));
        assertEquals("s:ab\\\\", bare("'ab\\\\'"));
    }

    @Test
    void stringsRecordTheirQuotes() {
        SqlLexer lexer = new SqlLexer("'open", SqlContext.BARE_ANSI);
        SqlToken t = new SqlToken();
        lexer.next(t);
        assertEquals('\'', t.strOpen);
        assertEquals('\0', t.strClose);

        lexer = new SqlLexer("abc' OR 1", SqlContext.SINGLE_QUOTE_ANSI);
        lexer.next(t);
        assertEquals("s:abc", t.type + ":" + t.text());
        assertEquals('\0', t.strOpen, "the opening quote is the application's");
        assertEquals('\'', t.strClose);
    }

    @Test
    void dialectStringForms() {
        assertEquals("s:x", bare("N'x'"));
        assertEquals("s:x", bare("E'x'"));
        assertEquals("s:x", bare("U&'x'"));
        assertEquals("s:abc", bare("q'[abc]'"));
        assertEquals("s:x", bare("nq'!x!'"));
        assertEquals("s:x", bare("$$x$$"));
        assertEquals("s:x", bare("$tag$x$tag$"));
        assertEquals("n:$", bare("$"));
    }

    @Test
    void backticksAreNamesOrFunctions() {
        assertEquals("n:select", bare("`select`"));
        assertEquals("f:sleep", bare("`sleep`"));
        assertEquals("v:x", bare("@`x`"));
    }

    @Test
    void commentsDependOnDialect() {
        assertEquals("c:-- x", bare("-- x"));
        assertEquals("c:--x", bare("--x"));
        assertEquals("o:- o:- n:x", tokens("--x", SqlContext.BARE_MYSQL));
        assertEquals("o:# n:x", bare("#x"));
        assertEquals("c:#x", tokens("#x", SqlContext.BARE_MYSQL));
        assertEquals("c:/* x */", bare("/* x */"));
        assertEquals("c:/*", bare("/*"));
    }

    @Test
    void mysqlConditionalAndNestedCommentsAreEvil() {
        assertEquals("X:/*! x */", bare("/*! x */"));
        assertEquals("X:/* /* */", bare("/* /* */"));
    }

    @Test
    void bracketsAreNamesOnlyForMySqlReading() {
        assertEquals("(:[ n:foo ?:]", bare("[foo]"));
        assertEquals("n:[foo]", tokens("[foo]", SqlContext.BARE_MYSQL));
    }

    @Test
    void quoteContextStartsWithTheApplicationsString() {
        assertEquals("s:1 OR 1=1", tokens("1 OR 1=1", SqlContext.SINGLE_QUOTE_ANSI));
        assertEquals("s:x &:or s:", tokens("x\" or \"", SqlContext.DOUBLE_QUOTE_MYSQL));
    }

    @Test
    void latin1BytesAreWordCharactersAndNbspIsWhitespace() {
        assertEquals("n:caf\u00e9 n:cr\u00e8me", bare("caf\u00e9\u00a0cr\u00e8me"));
    }

    @Test
    void longTokensKeepAtMost31Bytes() {
        String word = "a".repeat(100);
        assertEquals("n:" + "a".repeat(31), bare(word));
    }
}
