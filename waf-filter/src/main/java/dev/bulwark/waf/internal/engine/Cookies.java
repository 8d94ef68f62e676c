package dev.bulwark.waf.internal.engine;

/**
 * Splits a {@code Cookie} header into name/value pairs as ModSecurity (version 0 cookies) does: pairs separated
 * by {@code ;}, blanks around names trimmed, value after the first {@code =} kept as sent (quotes included), a
 * name without {@code =} has an empty value. Values are not decoded.
 */
final class Cookies {

    private Cookies() {}

    static void parse(String header, KeyValues into) {
        int n = header.length();
        int start = 0;
        while (start < n) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            String pair = header.substring(start, end);
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).strip();
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!name.isEmpty()) {
                into.add(name, value);
            }
            start = end + 1;
        }
    }
}
