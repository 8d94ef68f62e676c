package dev.bulwark.waf.internal.libinjection;

/**
 * Detects SQL injection in a byte string (one char per byte), reproducing the behaviour of libinjection's
 * {@code libinjection_sqli()} as used by ModSecurity's {@code @detectSQLi}, with Bulwark's own implementation and
 * decision rules (see the package documentation).
 *
 * <p>The input is read up to five times: as it is (ANSI, then MySQL comment rules when they could differ), as if it
 * followed an opening single quote (likewise), and as if it followed an opening double quote (MySQL). Each reading
 * is tokenized and folded into a fingerprint of at most five token kinds; the first reading whose fingerprint has
 * an injection shape, confirmed for very short shapes, decides.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqliDetector {

    /**
     * One folder per thread: a folder already serves the up to five readings of one value one after the other (each
     * fold overwrites the previous tokens), so it can serve the next value too, without nine token objects per call.
     */
    private static final ThreadLocal<TokenFolder> FOLDERS = ThreadLocal.withInitial(TokenFolder::new);

    private SqliDetector() {}

    /** The fingerprint (such as {@code "s&1"}) when {@code value} is SQL injection, otherwise null. */
    public static String detect(String value) {
        if (value.isEmpty()) {
            return null;
        }
        TokenFolder folder = FOLDERS.get();
        String found = read(value, SqlContext.BARE_ANSI, SqlContext.BARE_MYSQL, folder);
        if (found == null && value.indexOf('\'') >= 0) {
            found = read(value, SqlContext.SINGLE_QUOTE_ANSI, SqlContext.SINGLE_QUOTE_MYSQL, folder);
        }
        if (found == null && value.indexOf('"') >= 0) {
            found = read(value, SqlContext.DOUBLE_QUOTE_MYSQL, null, folder);
        }
        return found;
    }

    /** Whether {@code value} is SQL injection. */
    public static boolean isSqlInjection(String value) {
        return detect(value) != null;
    }

    /** Reads with ANSI rules, then with MySQL rules if the ANSI reading saw a comment MySQL reads otherwise. */
    private static String read(String value, SqlContext ansi, SqlContext mysql, TokenFolder folder) {
        SqliReading reading = new SqliReading(value, ansi, folder);
        if (isInjection(reading)) {
            return reading.fingerprint;
        }
        if (mysql != null && reading.mysqlMayDiffer) {
            reading = new SqliReading(value, mysql, folder);
            if (isInjection(reading)) {
                return reading.fingerprint;
            }
        }
        return null;
    }

    private static boolean isInjection(SqliReading reading) {
        return FingerprintGrammar.accepts(reading.fingerprint, reading.context.quote() != TokenType.NONE)
                && ShortShapeCheck.confirms(reading);
    }

    /** The fingerprint of one reading, for diagnostics and tests. */
    static String fingerprint(String value, SqlContext context) {
        return new SqliReading(value, context, new TokenFolder()).fingerprint;
    }
}
