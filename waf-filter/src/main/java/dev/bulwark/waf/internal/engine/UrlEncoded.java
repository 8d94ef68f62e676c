package dev.bulwark.waf.internal.engine;

import dev.bulwark.waf.internal.text.Ascii;
import dev.bulwark.waf.internal.transformations.Transformation;
import dev.bulwark.waf.internal.transformations.Transformations;

/**
 * Parses {@code application/x-www-form-urlencoded} data (query strings and bodies) the way ModSecurity does: pairs
 * separated by the argument separator, name and value %-decoded with {@code +} as space; a malformed escape is kept
 * as written; a pair without {@code =} is a name with an empty value.
 */
final class UrlEncoded {

    private static final Transformation URL_DECODE = Transformations.lookup("urlDecode");

    interface Sink {
        /** Returns false to stop (argument limit reached). */
        boolean argument(String name, String value);
    }

    private UrlEncoded() {}

    /** Parses {@code data}; returns true when a malformed %-escape was seen. */
    static boolean parse(String data, char separator, Sink sink) {
        boolean invalid = false;
        int n = data.length();
        int start = 0;
        while (start <= n) {
            int end = data.indexOf(separator, start);
            if (end < 0) {
                end = n;
            }
            if (end > start) {
                int eq = data.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = data.substring(start, end);
                    value = "";
                } else {
                    name = data.substring(start, eq);
                    value = data.substring(eq + 1, end);
                }
                invalid |= hasInvalidEscape(name) | hasInvalidEscape(value);
                if (!sink.argument(decode(name), decode(value))) {
                    return invalid;
                }
            }
            start = end + 1;
        }
        return invalid;
    }

    /** %-decodes with {@code +} as space; malformed escapes stay as written (the {@code t:urlDecode} rules). */
    static String decode(String s) {
        return URL_DECODE.apply(s);
    }

    /** %-decodes a path: {@code +} stays (it is a plain character in paths), malformed escapes stay as written. */
    static String decodePath(String s) {
        int k = s.indexOf('%');
        if (k < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, k);
        int n = s.length();
        while (k < n) {
            char c = s.charAt(k);
            if (c == '%' && k + 2 < n && Ascii.hexValue(s.charAt(k + 1)) >= 0
                    && Ascii.hexValue(s.charAt(k + 2)) >= 0) {
                b.append((char) (Ascii.hexValue(s.charAt(k + 1)) * 16 + Ascii.hexValue(s.charAt(k + 2))));
                k += 3;
            } else {
                b.append(c);
                k++;
            }
        }
        return b.toString();
    }

    private static boolean hasInvalidEscape(String s) {
        int n = s.length();
        for (int k = s.indexOf('%'); k >= 0; k = s.indexOf('%', k + 1)) {
            if (k + 2 >= n || Ascii.hexValue(s.charAt(k + 1)) < 0 || Ascii.hexValue(s.charAt(k + 2)) < 0) {
                return true;
            }
        }
        return false;
    }
}
