package dev.bulwark.waf.internal.libinjection;

/**
 * How an input is read: as if it were inserted in a query bare, or right after an opening single or double quote;
 * and with ANSI or MySQL comment rules ("#" and "--x" are comments in one and not the other).
 */
enum SqlContext {
    BARE_ANSI(TokenType.NONE, false),
    BARE_MYSQL(TokenType.NONE, true),
    SINGLE_QUOTE_ANSI('\'', false),
    SINGLE_QUOTE_MYSQL('\'', true),
    DOUBLE_QUOTE_MYSQL('"', true);

    private final char quote;
    private final boolean mysql;

    SqlContext(char quote, boolean mysql) {
        this.quote = quote;
        this.mysql = mysql;
    }

    /** The quote the application is assumed to have opened before the input, or NUL. */
    char quote() {
        return quote;
    }

    boolean mysql() {
        return mysql;
    }
}
