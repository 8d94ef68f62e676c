package dev.bulwark.waf.cli;

import dev.bulwark.waf.internal.engine.RequestTargets;

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

    /** Whether {@code s} starts with {@code prefix}, ASCII case ignored. */
    static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The path of a request target as the rules' {@code REQUEST_FILENAME} holds it (the engine's derivation). */
    static String requestPath(String uri) {
        return RequestTargets.filename(uri);
    }
}
