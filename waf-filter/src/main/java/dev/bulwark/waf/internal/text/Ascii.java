package dev.bulwark.waf.internal.text;

/**
 * ASCII-only helpers for byte strings (one char per request byte, U+0000..U+00FF): letter case and hex digits as C's
 * "C" locale knows them, so that Latin-1 letters such as {@code \xC9} are never folded and {@code \xB2} is never a
 * digit. One place for what request parsing, the engine, redaction and the command line all need.
 */
public final class Ascii {

    private Ascii() {}

    /** The value of hex digit {@code c} (either case), or -1 when it is not one. */
    public static int hexValue(int c) {
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

    /** {@code s} with ASCII letters lowered; {@code s} itself when it has none in upper case. */
    public static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] out = s.toCharArray();
                for (int k = i; k < out.length; k++) {
                    if (out[k] >= 'A' && out[k] <= 'Z') {
                        out[k] = (char) (out[k] + 32);
                    }
                }
                return new String(out);
            }
        }
        return s;
    }
}
