package dev.bulwark.waf.cli;

/**
 * Byte-string helpers for the command line: showing bytes safely, ASCII-only case folding, and the request path as
 * the rules see it ({@code REQUEST_FILENAME}).
 */
final class ByteText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ByteText() {}

    /**
     * {@code s} printable on one line of ASCII: printable ASCII stays, a backslash becomes {@code \\}, every other
     * byte {@code \xNN}. Returns {@code s} itself when nothing needs escaping.
     */
    static String escape(String s) {
        int n = s.length();
        int k = 0;
        while (k < n && printable(s.charAt(k)) && s.charAt(k) != '\\') {
            k++;
        }
        if (k == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, k);
        for (; k < n; k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                b.append("\\\\");
            } else if (printable(c)) {
                b.append(c);
            } else {
                hexEscape(b, c);
            }
        }
        return b.toString();
    }

    /** {@code s} escaped and in double quotes, a quote inside shown as {@code \"}: {@code "a\"b\x00"}. */
    static String quoted(String s) {
        return "\"" + escape(s).replace("\"", "\\\"") + "\"";
    }

    /** {@link #escape} of at most {@code max} bytes of {@code s}, with "..." when cut. */
    static String excerpt(String s, int max) {
        return s.length() <= max ? escape(s) : escape(s.substring(0, max)) + "...";
    }

    /** Appends {@code \xNN} for byte {@code c}. */
    static void hexEscape(StringBuilder b, char c) {
        b.append("\\x").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    static boolean printable(char c) {
        return c >= 0x20 && c < 0x7f;
    }

    /** ASCII lower case, like C's tolower() in the C locale; returns {@code s} itself when unchanged. */
    static String lowerAscii(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = k; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + 32);
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    /** Whether {@code s} starts with {@code prefix}, ASCII case ignored. */
    static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * The path of a request target as the rules' {@code REQUEST_FILENAME} holds it: scheme and authority of an
     * absolute target dropped, query and fragment cut off, {@code %XX} decoded (a {@code +} stays a {@code +}, and a
     * {@code %} not followed by two hex digits stays as it is).
     */
    static String requestPath(String uri) {
        String t = uri;
        int scheme = t.indexOf("://");
        if (scheme > 0 && t.indexOf('/') > scheme) {
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int end = t.length();
        int q = t.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int hash = t.indexOf('#');
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        return percentDecode(t.substring(0, end));
    }

    private static String percentDecode(String s) {
        int k = s.indexOf('%');
        if (k < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, k);
        int n = s.length();
        while (k < n) {
            char c = s.charAt(k);
            if (c == '%' && k + 2 < n && hex(s.charAt(k + 1)) >= 0 && hex(s.charAt(k + 2)) >= 0) {
                b.append((char) (hex(s.charAt(k + 1)) * 16 + hex(s.charAt(k + 2))));
                k += 3;
            } else {
                b.append(c);
                k++;
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
