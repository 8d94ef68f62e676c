package dev.bulwark.waf.internal.transformations;

import java.nio.charset.StandardCharsets;

/**
 * Byte-level helpers shared by the transformations: character classes as C defines them in the "C" locale (ASCII
 * only), ModSecurity's hex-digit arithmetic, and the "same instance when unchanged" rule of
 * {@link Transformation#apply}.
 */
final class ByteStrings {

    /** The non-breaking space byte, which ModSecurity's whitespace transformations treat as whitespace. */
    static final char NBSP = 0xA0;

    /** Lower-case hex digits by value, as ModSecurity writes them. */
    static final String HEX_DIGITS = "0123456789abcdef";

    private ByteStrings() {}

    /** C {@code isspace()}: space, tab, line feed, vertical tab, form feed, carriage return. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** Whitespace for {@code removeWhitespace} and {@code compressWhitespace}: {@link #isSpace} or NBSP. */
    static boolean isSpaceOrNbsp(char c) {
        return c == NBSP || isSpace(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** Whether {@code s[from..from+count)} exists and holds only hex digits. */
    static boolean isHexRun(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The value of one hex digit (which must be one). */
    static int hexValue(char c) {
        return c <= '9' ? c - '0' : (c & 0xDF) - 'A' + 10;
    }

    /**
     * Two characters read as a hex byte with ModSecurity's arithmetic ({@code x2c}), which does not check its input:
     * for hex digits it is the plain value; other characters give the same byte ModSecurity computes (hexDecode
     * relies on that, e.g. {@code "0z"} is {@code 0x23}).
     */
    static char hexByte(char high, char low) {
        int value = (nibble(high) * 16) & 0xFF;
        return (char) ((value + nibble(low)) & 0xFF);
    }

    private static int nibble(char c) {
        return (c >= 'A' ? (c & 0xDF) - 'A' + 10 : c - '0') & 0xFF;
    }

    /** {@code input} itself when {@code out[0..length)} holds the same characters, else a new string of them. */
    static String sameOrNew(String input, char[] out, int length) {
        if (length == input.length()) {
            int i = 0;
            while (i < length && out[i] == input.charAt(i)) {
                i++;
            }
            if (i == length) {
                return input;
            }
        }
        return new String(out, 0, length);
    }

    /** {@code input} itself when {@code out} holds the same characters, else {@code out} as a new string. */
    static String sameOrNew(String input, CharSequence out) {
        return input.contentEquals(out) ? input : out.toString();
    }

    /** The bytes of a byte string (one per char). */
    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes as a byte string (one char per byte). */
    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
