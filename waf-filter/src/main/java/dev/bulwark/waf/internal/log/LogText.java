package dev.bulwark.waf.internal.log;

/**
 * Writes untrusted text into a log line so that it can neither break the line nor forge a field: printable ASCII is
 * kept, {@code "} and {@code \} are backslash-escaped, every other byte becomes {@code \xHH} (a char above U+00FF,
 * which only rule text can hold, becomes {@code \x{HHHH}}), and long values are cut with a trailing {@code ...}.
 */
final class LogText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {}

    /** Appends {@code value} escaped, keeping at most {@code maxChars} chars of it. */
    static StringBuilder appendEscaped(StringBuilder out, String value, int maxChars) {
        int n = Math.min(value.length(), maxChars);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else if (c <= 0xff) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append("\\x{").append(Integer.toHexString(c)).append('}');
            }
        }
        if (n < value.length()) {
            out.append("...");
        }
        return out;
    }
}
