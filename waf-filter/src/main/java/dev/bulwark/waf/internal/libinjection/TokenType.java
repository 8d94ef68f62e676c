package dev.bulwark.waf.internal.libinjection;

/**
 * The token kinds of the SQL tokenizer, one character each: a fingerprint is the string of the kinds of the first
 * (at most five) folded tokens, e.g. {@code "s&1"} for {@code x' OR 1=1}. The letters are libinjection's, so that
 * fingerprints logged by Bulwark read like those of ModSecurity.
 */
final class TokenType {

    static final char NONE = '\0';
    static final char KEYWORD = 'k';
    static final char UNION = 'U';
    /** GROUP BY, ORDER BY, HAVING, LIMIT. */
    static final char GROUP = 'B';
    /** SELECT, INSERT, UPDATE, SET, CASE, ... */
    static final char EXPRESSION = 'E';
    static final char SQLTYPE = 't';
    static final char FUNCTION = 'f';
    static final char BAREWORD = 'n';
    static final char NUMBER = '1';
    static final char VARIABLE = 'v';
    static final char STRING = 's';
    static final char OPERATOR = 'o';
    /** AND, OR, XOR, &&, ||. */
    static final char LOGIC_OPERATOR = '&';
    static final char COMMENT = 'c';
    static final char COLLATE = 'A';
    static final char LEFT_PARENS = '(';
    static final char RIGHT_PARENS = ')';
    static final char LEFT_BRACE = '{';
    static final char RIGHT_BRACE = '}';
    static final char DOT = '.';
    static final char COMMA = ',';
    static final char COLON = ':';
    static final char SEMICOLON = ';';
    /** A statement that starts a new query: DROP, EXEC, DECLARE, ... */
    static final char TSQL = 'T';
    static final char UNKNOWN = '?';
    /** Input that cannot be tokenized reliably (nested or MySQL-conditional comments): always an attack. */
    static final char EVIL = 'X';
    static final char BACKSLASH = '\\';

    private TokenType() {}
}
