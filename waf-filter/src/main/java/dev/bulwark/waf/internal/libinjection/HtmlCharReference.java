package dev.bulwark.waf.internal.libinjection;

/**
 * Reads one character of HTML attribute text, decoding a numeric character reference ({@code &#106;},
 * {@code &#x6A;}, the {@code ;} optional as browsers allow) into its code point. Named references are not decoded:
 * their {@code &} is returned as it is. A reference too large to be a code point is not decoded either.
 *
 * <p>The result is packed in a {@code long} (code point and length consumed) to keep the hot path allocation-free.
 */
final class HtmlCharReference {

    /** Above this a reference is not decoded (the largest code point plus a margin, as libinjection allows). */
    private static final int MAX_CODE_POINT = 0x1000FF;

    private HtmlCharReference() {}

    /** Decodes the character at {@code s[at]} ({@code at < end}); see {@link #codePoint} and {@link #length}. */
    static long decode(String s, int at, int end) {
        char c = s.charAt(at);
        if (c != '&' || at + 2 >= end || s.charAt(at + 1) != '#') {
            return pack(c, 1);
        }
        char kind = s.charAt(at + 2);
        boolean hex = kind == 'x' || kind == 'X';
        int radix = hex ? 16 : 10;
        int i = hex ? at + 3 : at + 2;
        if (i >= end || Character.digit(asciiOnly(s.charAt(i)), radix) < 0) {
            return pack('&', 1);
        }
        int value = 0;
        while (i < end) {
            char d = s.charAt(i);
            if (d == ';') {
                return pack(value, i + 1 - at);
            }
            int digit = Character.digit(asciiOnly(d), radix);
            if (digit < 0) {
                break;
            }
            value = value * radix + digit;
            if (value > MAX_CODE_POINT) {
                return pack('&', 1);
            }
            i++;
        }
        return pack(value, i - at);
    }

    static int codePoint(long decoded) {
        return (int) (decoded >>> 32);
    }

    static int length(long decoded) {
        return (int) decoded;
    }

    private static long pack(int codePoint, int length) {
        return ((long) codePoint << 32) | length;
    }

    /** Keeps {@link Character#digit} to ASCII digits: it would accept other Unicode digits. */
    private static char asciiOnly(char c) {
        return c < 0x80 ? c : '?';
    }
}
